/* voisins-demo-names.c: names, streets and post texts of the demo quartier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-demo"

#include "voisins-demo-private.h"

/* Only data here: first names and surnames as one meets them in the 12e (families from
 * all over France, Portugal, the Maghreb, Vietnam, China, West and Central Africa, the
 * Antilles...), and the posts a volunteer sees every week. */

#define N(a) G_N_ELEMENTS (a)

/* France */
static const char * const fr_female[] = {
  "Marie", "Françoise", "Monique", "Catherine", "Nathalie", "Isabelle", "Sophie", "Camille",
  "Léa", "Chloé", "Manon", "Julie", "Claire", "Anne", "Hélène", "Martine", "Jacqueline",
  "Sylvie", "Élodie", "Pauline", "Mathilde", "Juliette", "Alice", "Louise", "Agnès",
  "Brigitte", "Colette", "Geneviève", "Odile", "Bernadette", "Valérie", "Céline", "Aurélie",
  "Emma", "Inès", "Margaux", "Clémence", "Anne-Sophie", "Denise", "Simone", "Josette",
  "Christine", "Véronique", "Laurence", "Charlotte", "Jeanne", "Zoé", "Lucie", "Élise",
};
static const char * const fr_male[] = {
  "Jean", "Pierre", "Michel", "Philippe", "Alain", "Bernard", "Jacques", "François",
  "Nicolas", "Julien", "Thomas", "Antoine", "Mathieu", "Guillaume", "Olivier", "Laurent",
  "Christophe", "Stéphane", "Hugo", "Louis", "Lucas", "Paul", "Gérard", "Daniel", "René",
  "Jean-Pierre", "Jean-Claude", "Xavier", "Benoît", "Vincent", "Raphaël", "Arthur",
  "Étienne", "Yves", "Maxime", "Sébastien", "Romain", "Clément", "Henri", "Marcel",
  "Gabriel", "Théo", "Jules", "Patrick", "Éric", "Didier", "Frédéric", "Loïc",
};
/* Names of people born before 1950 */
static const char * const fr_old_female[] = {
  "Monique", "Jacqueline", "Colette", "Geneviève", "Odile", "Bernadette", "Denise", "Simone",
  "Josette", "Françoise", "Marie-Thérèse", "Christiane", "Yvette", "Paulette", "Ginette",
  "Suzanne", "Madeleine", "Jeannine", "Huguette", "Annie",
};
static const char * const fr_old_male[] = {
  "Jean", "Michel", "Alain", "Bernard", "Jacques", "Gérard", "René", "Jean-Pierre",
  "Jean-Claude", "Yves", "Henri", "Marcel", "Roger", "Robert", "André", "Raymond", "Claude",
  "Georges", "Lucien", "Guy",
};
static const char * const fr_surnames[] = {
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
  "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "David", "Bertrand", "Roux",
  "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
  "Bonnet", "François", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
  "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
  "Gauthier", "Dumont", "Fontaine", "Chevalier", "Robin", "Masson", "Boyer", "Denis",
  "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer",
  "Lucas", "Meunier", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Le Goff",
  "Le Gall", "Kerleau", "Caron", "Giraud", "Picard", "Leclerc", "Aubert", "Colin", "Vidal",
  "Renaud", "Arnaud", "Hubert", "Lacroix", "Besson", "Charpentier", "Tessier", "Poirier",
  "Maillard", "Delmas", "Carpentier", "Lebrun", "Collet", "Jacquet", "Dumas", "Schmitt",
};

/* Portugal */
static const char * const pt_female[] = {
  "Maria", "Ana", "Fernanda", "Rosa", "Isabel", "Sandra", "Cristina", "Paula", "Joana",
  "Lúcia", "Célia", "Sónia", "Helena", "Conceição", "Teresa", "Beatriz",
};
static const char * const pt_male[] = {
  "José", "Manuel", "António", "Joaquim", "João", "Carlos", "Paulo", "Rui", "Fernando",
  "Luís", "Nuno", "Tiago", "Ricardo", "Armando", "Vítor", "Diogo",
};
static const char * const pt_surnames[] = {
  "Da Silva", "Dos Santos", "Ferreira", "Pereira", "Oliveira", "Rodrigues", "Fernandes",
  "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto",
  "Carvalho", "Teixeira", "Sousa", "Martins", "Costa", "Mendes", "Moreira", "Cardoso",
  "Lourenço", "Da Costa", "Nogueira", "Fonseca", "Azevedo",
};

/* Algeria, Morocco, Tunisia */
static const char * const ar_female[] = {
  "Fatima", "Khadija", "Nadia", "Samira", "Yasmina", "Leïla", "Amina", "Sonia", "Myriam",
  "Malika", "Karima", "Nora", "Sarah", "Lina", "Salma", "Houria", "Zineb", "Farida",
  "Rachida", "Djamila", "Meriem", "Soraya", "Aïcha", "Nawel",
};
static const char * const ar_male[] = {
  "Mohamed", "Ahmed", "Karim", "Rachid", "Mehdi", "Samir", "Nordine", "Youssef", "Ali",
  "Hakim", "Sofiane", "Bilal", "Nabil", "Mourad", "Kamel", "Omar", "Ilyes", "Adam",
  "Rayan", "Abdelkader", "Djamel", "Farid", "Saïd", "Hamid",
};
static const char * const ar_surnames[] = {
  "Benali", "Haddad", "Benchikh", "Bouaziz", "Mansouri", "Belkacem", "Cherif", "Amrani",
  "Brahimi", "Zerrouki", "Hamidi", "Saïdi", "Khelifi", "Boudjema", "Djebbar", "Meziane",
  "Bensaïd", "El Idrissi", "Ouali", "Aït Ahmed", "Benyahia", "Ziani", "Tahar", "Lahlou",
  "Chaoui", "Kaci", "Rahmani", "Belhadj", "Ben Amor", "Trabelsi", "Ghazi", "Slimani",
};

/* Vietnam */
static const char * const vi_female[] = {
  "Lan", "Mai", "Linh", "Thu", "Hoa", "Ngoc", "Thanh", "Kim", "Huong", "Trang", "Anh",
};
static const char * const vi_male[] = {
  "Minh", "Tuan", "Hung", "Duc", "Quang", "Long", "Nam", "Bao", "Thanh", "Hieu", "Khanh",
};
static const char * const vi_surnames[] = {
  "Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong",
  "Truong", "Phan", "Huynh", "Vo",
};

/* China, Cambodia */
static const char * const zh_female[] = {
  "Mei", "Ying", "Xiaoling", "Li Na", "Jing", "Hui", "Yan", "Sokha", "Chantha",
};
static const char * const zh_male[] = {
  "Wei", "Jun", "Hao", "Lei", "Ming", "Jian", "Chen", "Vanna", "Dara",
};
static const char * const zh_surnames[] = {
  "Wang", "Zhang", "Chen", "Li", "Liu", "Huang", "Lin", "Zhou", "Wu", "Chea", "Sok", "Lim",
  "Ung", "Tan",
};

/* West and Central Africa */
static const char * const af_female[] = {
  "Aminata", "Fatoumata", "Awa", "Mariam", "Aïssatou", "Kadiatou", "Binta", "Grâce",
  "Christelle", "Ornella", "Nafissatou", "Coumba", "Ramatoulaye", "Bintou", "Prisca",
  "Rokia", "Nadège", "Hawa",
};
static const char * const af_male[] = {
  "Mamadou", "Moussa", "Ibrahima", "Abdoulaye", "Ousmane", "Sékou", "Cheikh", "Babacar",
  "Youssouf", "Serge", "Didier", "Jean-Baptiste", "Boubacar", "Lamine", "Aboubacar",
  "Landry", "Yannick", "Modibo",
};
static const char * const af_surnames[] = {
  "Diallo", "Traoré", "Camara", "Diop", "Ndiaye", "Koné", "Sow", "Cissé", "Keïta",
  "Sylla", "Bâ", "Coulibaly", "Touré", "Fofana", "Diarra", "Sissoko", "Kanté", "Mbaye",
  "Konaté", "Kouassi", "Mbemba", "Nkounkou", "Tshibanda", "Ekambi", "Fall", "Gueye",
  "Doumbia", "Mensah",
};

/* Antilles, Haiti */
static const char * const an_female[] = {
  "Marie-Claire", "Josiane", "Murielle", "Maryse", "Line", "Ginette", "Stéphanie", "Lætitia",
};
static const char * const an_male[] = {
  "Jean-Marc", "Fred", "Thierry", "Patrice", "Dominique", "Ludovic", "Joël", "Rudy",
};
static const char * const an_surnames[] = {
  "Jean-Louis", "Bellance", "Zamor", "Laguerre", "Bélizaire", "Sainte-Rose", "Lubin",
  "Alexis", "Jean-Baptiste", "Pierre-Louis", "Désir", "Edouard",
};

/* Spain */
static const char * const es_female[] = {
  "Carmen", "Lucía", "Pilar", "Elena", "Marta", "Dolores", "Laura", "Nuria",
};
static const char * const es_male[] = {
  "Javier", "Carlos", "Pablo", "Miguel", "Antonio", "Alejandro", "Jorge", "Manuel",
};
static const char * const es_surnames[] = {
  "Garcia", "Martinez", "Lopez", "Sanchez", "Fernandez", "Gonzalez", "Rodriguez", "Moreno",
  "Jimenez", "Ruiz", "Navarro", "Torres",
};

/* Italy */
static const char * const it_female[] = {
  "Giulia", "Francesca", "Chiara", "Silvia", "Paola", "Federica", "Giovanna",
};
static const char * const it_male[] = {
  "Marco", "Luca", "Giovanni", "Alessandro", "Matteo", "Giuseppe", "Stefano",
};
static const char * const it_surnames[] = {
  "Rossi", "Russo", "Bianchi", "Esposito", "Ricci", "Romano", "Conti", "Ferrari", "Greco",
  "Marino", "Colombo",
};

/* Poland, Romania, Ukraine */
static const char * const ee_female[] = {
  "Anna", "Olga", "Irina", "Katarzyna", "Natalia", "Svetlana", "Ioana", "Oksana", "Agnieszka",
};
static const char * const ee_male[] = {
  "Piotr", "Andreï", "Sergueï", "Tomasz", "Mihai", "Dmitri", "Bogdan", "Oleksandr", "Pawel",
};
static const char * const ee_surnames[] = {
  "Kowalski", "Nowak", "Wiśniewska", "Popescu", "Ionescu", "Ivanova", "Petrenko",
  "Kovalenko", "Shevchenko", "Dumitrescu", "Zielinski",
};

/* English-speaking newcomers */
static const char * const en_female[] = {
  "Emily", "Sarah", "Jessica", "Hannah", "Rebecca", "Kate", "Olivia",
};
static const char * const en_male[] = {
  "James", "David", "Michael", "Ben", "Tom", "Matthew", "Patrick",
};
static const char * const en_surnames[] = {
  "Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Evans", "Walker",
  "O'Brien", "Murphy", "Miller", "Anderson",
};

/* Turkey */
static const char * const tr_female[] = {
  "Elif", "Zeynep", "Ayşe", "Fatma", "Emine", "Melek",
};
static const char * const tr_male[] = {
  "Mehmet", "Mustafa", "Ahmet", "Hasan", "Emre", "Murat",
};
static const char * const tr_surnames[] = {
  "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan",
};

#define GROUP(p, lang, w) \
  { p##_female, N (p##_female), p##_male, N (p##_male), p##_surnames, N (p##_surnames), \
    NULL, 0, NULL, 0, lang, w }

static const VoisinsDemoNameGroup name_groups[] = {
  { fr_female, N (fr_female), fr_male, N (fr_male), fr_surnames, N (fr_surnames),
    fr_old_female, N (fr_old_female), fr_old_male, N (fr_old_male), NULL, 46 },
  GROUP (pt, "pt", 8),
  GROUP (ar, "ar", 14),
  GROUP (vi, "vi", 4),
  GROUP (zh, "zh", 3),
  GROUP (af, NULL, 8),
  GROUP (an, NULL, 3),
  GROUP (es, "es", 3),
  GROUP (it, "it", 2),
  GROUP (ee, NULL, 3),
  GROUP (en, "en", 3),
  GROUP (tr, "tr", 2),
};

const VoisinsDemoNameGroup *
_voisins_demo_get_name_groups (guint *n_groups)
{
  *n_groups = N (name_groups);
  return name_groups;
}

/* Placeholders of the post texts. */

enum {
  LIST_OBJET,
  LIST_JOUR,
  LIST_JOUR_WE,
  LIST_MOMENT,
  LIST_ETAGE,
  LIST_ENFANTS,
  LIST_BRICOLAGE,
  LIST_DEMARCHE,
  LIST_LANGUE,
  LIST_LIEU,
  LIST_PLAT,
  LIST_ANIMAL,
  LIST_HEURE,
  LIST_JEU,
  LIST_LIVRE,
  LIST_MEUBLE,
  LIST_DUREE,
  LIST_MATIERE,
  LIST_RDV,
  LIST_JOUR_ECOLE,
  LIST_HEURE_SOIR,
  N_LISTS
};

static const char * const objets[] = {
  "appareil à raclette", "un appareil à raclette", "mon appareil à raclette (8 personnes)",
  "perceuse", "une perceuse", "ma perceuse-visseuse",
  "perforateur", "un perforateur", "mon perforateur (béton)",
  "escabeau", "un escabeau", "mon escabeau (5 marches)",
  "diable", "un diable", "mon diable pliant",
  "appareil à fondue", "un appareil à fondue", "mon caquelon à fondue",
  "ponceuse", "une ponceuse", "ma ponceuse",
  "poussette", "une poussette", "ma poussette double",
  "siège auto", "un siège auto", "notre siège auto (groupe 1)",
  "lit parapluie", "un lit parapluie", "mon lit parapluie",
  "machine à coudre", "une machine à coudre", "ma machine à coudre",
  "nettoyeur vapeur", "un nettoyeur vapeur", "mon nettoyeur vapeur",
  "tente", "une tente 4 places", "ma tente 4 places",
  "vidéoprojecteur", "un vidéoprojecteur", "mon vidéoprojecteur",
  "table pliante", "une table pliante et des chaises", "ma table pliante et six chaises",
  "crêpière", "une crêpière", "ma crêpière électrique",
  "scie sauteuse", "une scie sauteuse", "ma scie sauteuse",
  "valise", "une grande valise", "ma grande valise",
  "aspirateur de chantier", "un aspirateur de chantier", "mon aspirateur de chantier",
  "plancha", "une plancha", "ma plancha",
  "chariot de courses", "un chariot de courses", "mon chariot de courses",
  "fauteuil roulant", "un fauteuil roulant", "le fauteuil roulant de ma mère",
  "déambulateur", "un déambulateur", "un déambulateur dont je ne me sers plus",
  "ventilateur", "un ventilateur", "mon ventilateur",
  "appareil à gaufres", "un gaufrier", "mon gaufrier",
  "remorque à vélo", "une remorque à vélo", "ma remorque à vélo",
};

static const char * const jours[] = {
  "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
};
static const char * const jours_we[] = {
  "samedi", "dimanche",
};
static const char * const moments[] = {
  "en fin de matinée", "en début d'après-midi", "en fin de journée", "après 18 h",
  "entre 10 h et midi", "vers 16 h", "de préférence le matin",
};
static const char * const etages[] = {
  "3e", "4e", "5e", "5e", "6e", "7e",
};
static const char * const enfants[] = {
  "ma fille de 6 ans", "mon fils de 8 ans", "mes deux enfants (4 et 7 ans)",
  "mes jumelles de 5 ans", "mon fils de 3 ans et demi", "ma fille de 10 ans",
  "mes deux garçons (6 et 9 ans)", "ma petite de 2 ans",
};
static const char * const bricolages[] = {
  "monter une armoire en kit", "fixer des étagères", "changer un joint de robinet",
  "poser une tringle à rideaux", "réparer une chasse d'eau qui fuit",
  "changer une prise électrique", "reboucher des trous avant un état des lieux",
  "accrocher des cadres sur un mur en béton", "régler une porte qui frotte",
  "installer un luminaire au plafond", "repeindre une petite chambre",
  "remplacer un interrupteur", "démonter un lit mezzanine",
  "poser une barre d'appui dans la douche",
  "refaire les joints de la baignoire", "changer la serrure de ma cave",
};
static const char * const demarches[] = {
  "ma déclaration d'impôts en ligne", "mon dossier CAF", "prendre rendez-vous sur Doctolib",
  "ma demande de carte Navigo Émeraude", "le renouvellement de ma carte d'identité",
  "mon espace Ameli", "ma demande d'aide au logement", "mon dossier de retraite complémentaire",
  "une demande de logement social", "la résiliation d'un abonnement internet",
  "un formulaire de la préfecture", "mon compte sur le site des impôts",
};
static const char * const langues[] = {
  "anglais", "anglais", "espagnol", "italien", "allemand", "portugais", "arabe", "chinois",
};
static const char * const lieux[] = {
  "au square Trousseau", "sur la Coulée verte", "devant le marché d'Aligre",
  "au jardin de Reuilly", "place d'Aligre", "au bord du bassin de l'Arsenal",
  "à la bibliothèque Saint-Éloi", "au café du coin de la rue", "dans la cour de l'immeuble",
};
static const char * const plats[] = {
  "une quiche", "du houmous", "des pastéis de nata", "des nems", "un cake salé",
  "une tarte aux pommes", "un gâteau au yaourt", "des bricks", "des accras", "une salade",
  "du pain et du fromage", "des chips et des olives",
};
static const char * const animaux[] = {
  "mon chat", "ma chienne Praline", "mon vieux chien", "nos deux chats", "mon lapin",
  "mes poissons", "mon perroquet", "ma chatte Mimi",
};
static const char * const heures[] = {
  "9 h", "10 h", "10 h 30", "14 h 30", "16 h", "18 h 30", "19 h",
};
static const char * const jeux[] = {
  "scrabble", "au scrabble", "belote", "à la belote", "tarot", "au tarot",
  "échecs", "aux échecs", "jeux de société", "à des jeux de société", "rami", "au rami",
  "dominos", "aux dominos",
};
static const char * const heures_soir[] = {
  "18 h 30", "19 h", "19 h", "19 h 30", "20 h",
};
static const char * const jours_ecole[] = {
  "lundi", "mardi", "jeudi", "vendredi",
};
static const char * const livres[] = {
  "romans policiers", "livres pour enfants", "BD", "livres de cuisine",
  "romans en gros caractères",
  "guides de voyage", "livres d'art",
};
static const char * const meubles[] = {
  "un canapé", "une armoire", "un frigo", "une machine à laver", "un lit", "un buffet",
  "des cartons de livres",
};
static const char * const durees[] = {
  "une heure", "deux heures", "une petite heure", "une demi-journée",
};
static const char * const matieres[] = {
  "maths", "français", "anglais", "physique-chimie", "histoire-géo",
};
static const char * const rdvs[] = {
  "chez le médecin", "à l'hôpital Saint-Antoine", "chez le dentiste", "à la mairie du 12e",
  "à la Quinze-Vingts pour ma consultation des yeux", "chez le kiné", "à la banque",
};

#define LIST(key, id, col, ncol, rows) { key, id, col, ncol, rows, N (rows) / ncol }

static const VoisinsDemoWordList word_lists[] = {
  LIST ("objet", LIST_OBJET, 0, 3, objets),
  LIST ("un_objet", LIST_OBJET, 1, 3, objets),
  LIST ("mon_objet", LIST_OBJET, 2, 3, objets),
  LIST ("jour", LIST_JOUR, 0, 1, jours),
  LIST ("jour_we", LIST_JOUR_WE, 0, 1, jours_we),
  LIST ("moment", LIST_MOMENT, 0, 1, moments),
  LIST ("etage", LIST_ETAGE, 0, 1, etages),
  LIST ("enfants", LIST_ENFANTS, 0, 1, enfants),
  LIST ("bricolage", LIST_BRICOLAGE, 0, 1, bricolages),
  LIST ("demarche", LIST_DEMARCHE, 0, 1, demarches),
  LIST ("langue", LIST_LANGUE, 0, 1, langues),
  LIST ("lieu", LIST_LIEU, 0, 1, lieux),
  LIST ("plat", LIST_PLAT, 0, 1, plats),
  LIST ("animal", LIST_ANIMAL, 0, 1, animaux),
  LIST ("heure", LIST_HEURE, 0, 1, heures),
  LIST ("jeu", LIST_JEU, 0, 2, jeux),
  LIST ("au_jeu", LIST_JEU, 1, 2, jeux),
  LIST ("jour_ecole", LIST_JOUR_ECOLE, 0, 1, jours_ecole),
  LIST ("heure_soir", LIST_HEURE_SOIR, 0, 1, heures_soir),
  LIST ("livres", LIST_LIVRE, 0, 1, livres),
  LIST ("meuble", LIST_MEUBLE, 0, 1, meubles),
  LIST ("duree", LIST_DUREE, 0, 1, durees),
  LIST ("matiere", LIST_MATIERE, 0, 1, matieres),
  LIST ("rdv", LIST_RDV, 0, 1, rdvs),
};

const VoisinsDemoWordList *
_voisins_demo_get_word_lists (guint *n_lists)
{
  *n_lists = N (word_lists);
  return word_lists;
}

guint
_voisins_demo_get_n_word_list_ids (void)
{
  return N_LISTS;
}

/* Filled in by the generator: {rue} is the author's street ("rue de Cotte"), {e} is "e"
 * for a woman (Étudiant{e}), {grand_parent} is "Grand-mère" or "Grand-père". */

#define REQ VOISINS_POST_KIND_REQUEST
#define OFF VOISINS_POST_KIND_OFFER
#define SERVICE VOISINS_CATEGORY_SERVICE
#define BABY VOISINS_CATEGORY_BABYSITTING
#define DIY VOISINS_CATEGORY_DIY
#define LEND VOISINS_CATEGORY_LENDING
#define ACTIV VOISINS_CATEGORY_ACTIVITY
#define GRP VOISINS_CATEGORY_GROUP
#define EVENT VOISINS_CATEGORY_EVENT
#define DATED VOISINS_DEMO_TEMPLATE_DATED
#define EVENING VOISINS_DEMO_TEMPLATE_EVENING
#define WEEKEND VOISINS_DEMO_TEMPLATE_WEEKEND
#define ELDERLY VOISINS_DEMO_TEMPLATE_ELDERLY

static const VoisinsDemoPostTemplate post_templates[] = {
  /* Services */
  { REQ, SERVICE, ELDERLY, 6,
    "Monter mes courses au {etage} étage",
    "J'habite au {etage} sans ascenseur, {rue}. Quelqu'un pourrait-il m'aider à monter mes "
    "courses le {jour} {moment} ? Ce n'est pas très lourd, mais les escaliers me fatiguent." },
  { REQ, SERVICE, ELDERLY, 4,
    "Porter les courses du marché d'Aligre",
    "Je fais mon marché le {jour} matin place d'Aligre. J'aurais besoin d'un bras pour porter "
    "le cabas jusqu'à chez moi ({rue}, {etage} étage)." },
  { OFF, SERVICE, 0, 4,
    "Je peux monter vos courses",
    "Je fais mes courses le {jour} {moment} au Franprix du quartier. Si vous habitez dans les "
    "étages sans ascenseur, je peux monter les vôtres en même temps." },
  { REQ, SERVICE, ELDERLY, 5,
    "Aide pour un formulaire en ligne",
    "Je n'arrive pas à faire {demarche}. Je n'ai pas d'ordinateur, seulement un vieux "
    "téléphone. Quelqu'un de patient pourrait-il passer {duree} chez moi ?" },
  { OFF, SERVICE, 0, 4,
    "Aide aux démarches en ligne",
    "Je travaille dans l'informatique et je peux aider pour {demarche} ou toute autre démarche "
    "sur internet. Le {jour} {moment}, chez vous ou à la permanence de l'association." },
  { REQ, SERVICE, ELDERLY | DATED, 4,
    "M'accompagner {rdv}",
    "J'ai rendez-vous {rdv} et je n'ose plus prendre le bus seul{e}. Quelqu'un pourrait-il "
    "m'accompagner ? Le rendez-vous dure environ {duree}." },
  { REQ, SERVICE, ELDERLY, 3,
    "Aller chercher mes médicaments",
    "Je suis malade en ce moment et la pharmacie est rue de Lyon. Quelqu'un "
    "pourrait-il aller chercher mon ordonnance le {jour} ? J'ai la carte Vitale à donner." },
  { REQ, SERVICE, 0, 4,
    "Arroser mes plantes pendant mes vacances",
    "Je pars dix jours voir ma famille. Je cherche quelqu'un du quartier pour arroser mes "
    "plantes deux fois par semaine, {rue}. Je laisse les clés en main propre." },
  { REQ, SERVICE, 0, 4,
    "Nourrir {animal} pendant un week-end",
    "Je m'absente du vendredi soir au dimanche. Quelqu'un pourrait-il passer nourrir {animal} "
    "une fois par jour ? J'habite {rue}." },
  { OFF, SERVICE, 0, 3,
    "Je garde vos animaux",
    "J'adore les animaux et je suis souvent chez moi. Je peux nourrir chats, lapins ou poissons "
    "pendant vos absences, ou promener un chien {moment}." },
  { REQ, SERVICE, 0, 3,
    "Réceptionner un colis",
    "Un colis doit arriver {jour} et je travaille toute la journée. Quelqu'un qui est chez "
    "lui ou chez elle {rue} pourrait-il le réceptionner ?" },
  { REQ, SERVICE, 0, 3,
    "Coup de main pour porter {meuble}",
    "Je dois descendre {meuble} du {etage} étage {jour_we} matin. "
    "Deux bras de plus seraient les bienvenus, {duree} maximum." },
  { REQ, SERVICE, ELDERLY, 4,
    "Un peu de compagnie",
    "Depuis que je ne sors plus beaucoup, les journées sont longues. J'aimerais qu'on vienne "
    "prendre un café et discuter {duree} le {jour} {moment}." },
  { OFF, SERVICE, 0, 4,
    "Visite et café chez vous",
    "Retraité{e} du quartier, j'ai du temps. Je peux passer prendre un café, faire la lecture ou "
    "jouer {au_jeu} avec une personne qui se sent seule, le {jour} {moment}." },
  { REQ, SERVICE, ELDERLY, 3,
    "Lire et trier mon courrier",
    "Ma vue baisse et je n'arrive plus à lire les lettres de la banque et des impôts. "
    "J'aurais besoin d'aide une fois par mois pour trier le courrier." },
  { REQ, SERVICE, 0, 3,
    "Traduire une lettre administrative",
    "J'ai reçu une lettre de la préfecture que je ne comprends pas bien. Quelqu'un qui parle "
    "{langue} pourrait-il m'aider à la lire et à répondre ?" },
  { REQ, SERVICE, ELDERLY, 3,
    "Régler mon nouveau téléphone",
    "Mes enfants m'ont offert un smartphone mais je n'arrive pas à faire les appels vidéo. "
    "Quelqu'un pourrait-il me montrer, le {jour} {moment} ?" },
  { OFF, SERVICE, 0, 2,
    "J'imprime vos documents",
    "J'ai une imprimante et un scanner à la maison, {rue}. Je peux imprimer ou scanner vos "
    "documents (billets, attestations, dossiers) gratuitement." },
  { OFF, SERVICE, 0, 2,
    "Accompagnement à vos rendez-vous",
    "Je suis disponible le {jour} et peux accompagner une personne âgée {rdv} ou ailleurs "
    "dans le quartier, à pied ou en bus." },

  /* Babysitting */
  { REQ, BABY, DATED, 6,
    "Garde le mercredi après-midi",
    "Je cherche quelqu'un pour garder {enfants} le mercredi après-midi, de 13 h 30 à 18 h, "
    "pendant quelques semaines. Goûter et devoirs, rien de compliqué." },
  { REQ, BABY, 0, 4,
    "Sortie d'école le {jour_ecole}",
    "Je finis tard le {jour_ecole}. Quelqu'un pourrait-il récupérer {enfants} à la sortie "
    "de l'école "
    "de la rue de Cotte à 16 h 30 et rester jusqu'à 18 h 30 ?" },
  { REQ, BABY, DATED | EVENING, 4,
    "Baby-sitting un soir",
    "Nous sommes invités à un mariage et cherchons quelqu'un de confiance pour garder "
    "{enfants} de 19 h à minuit. Les enfants dorment à 20 h 30." },
  { OFF, BABY, 0, 5,
    "Étudiant{e} dispo pour du baby-sitting",
    "Étudiant{e} en licence, j'habite {rue}. Je peux garder vos enfants le mercredi après-midi "
    "ou en soirée. J'ai le BAFA et l'habitude des petits." },
  { OFF, BABY, 0, 3,
    "{grand_parent} de cœur disponible",
    "Mes petits-enfants vivent loin. Je peux garder un enfant du quartier le {jour} après "
    "l'école, faire le goûter et aider aux devoirs." },
  { REQ, BABY, DATED, 3,
    "Garde partagée pendant les vacances",
    "Nous cherchons une ou deux familles pour organiser une garde partagée pendant les "
    "vacances scolaires, chacun son jour. Les enfants adorent le square Trousseau." },

  /* DIY */
  { REQ, DIY, 0, 6,
    "Aide pour {bricolage}",
    "Je voudrais {bricolage} mais le bricolage et moi, ça fait deux. Quelqu'un qui sait faire "
    "pourrait-il m'aider {duree}, le {jour_we} ? J'offre le café et les croissants." },
  { REQ, DIY, ELDERLY, 4,
    "Petit bricolage chez moi",
    "Je dois {bricolage} et je ne peux plus monter sur un escabeau. Je fournis le matériel, "
    "il me manque juste quelqu'un d'adroit." },
  { OFF, DIY, 0, 5,
    "Bricoleur du dimanche à votre service",
    "J'ai des outils et un peu d'expérience : je peux {bricolage}, monter des meubles ou "
    "faire de petites réparations. Plutôt le {jour_we}." },
  { OFF, DIY, 0, 3,
    "Réparation de vélos",
    "Je répare les vélos dans la cour, {rue} : crevaisons, freins, dérailleurs. Apportez "
    "le vôtre le {jour_we} matin, vous apprendrez à le faire vous-même." },
  { OFF, DIY, 0, 3,
    "Retouches et couture",
    "Je couds depuis toujours : ourlets, fermetures éclair et petites retouches pour les "
    "voisins. Passez le {jour} {moment}." },
  { REQ, DIY, 0, 2,
    "Réparer une machine à laver",
    "Ma machine à laver ne vidange plus. Avant d'appeler un réparateur, quelqu'un s'y "
    "connaît-il un peu ? C'est peut-être juste le filtre." },

  /* Lending */
  { REQ, LEND, 0, 7,
    "Cherche {un_objet} à emprunter",
    "Je cherche à emprunter {un_objet} pour ce {jour_we}. Je rends tout dès lundi, propre et "
    "en bon état. J'habite {rue}." },
  { OFF, LEND, 0, 7,
    "Je prête {mon_objet}",
    "Je prête volontiers {mon_objet} aux voisins. Passez {rue} quand vous voulez, "
    "à rapporter dans la semaine." },
  { REQ, LEND, 0, 3,
    "Emprunt pour quelques jours : {objet}",
    "Quelqu'un aurait-il {un_objet} à me prêter pour trois ou quatre jours ? Je peux laisser "
    "une caution si vous voulez." },
  { OFF, LEND, 0, 3,
    "Donne des {livres}",
    "Je fais du tri et je donne des {livres} en bon état. Venez piocher, {rue}, ou je les "
    "dépose à la boîte à livres du square." },
  { OFF, LEND, 0, 3,
    "Donne vêtements et jouets d'enfants",
    "Nos enfants ont grandi : vêtements de 2 à 6 ans, jouets et livres à donner. Tout est "
    "propre, à récupérer {rue} le {jour_we}." },
  { OFF, LEND, 0, 2,
    "Matériel de puériculture à prêter",
    "Nous prêtons poussette, lit parapluie, chaise haute et baignoire bébé aux familles du "
    "quartier qui reçoivent de la famille ou qui dépannent." },

  /* Activities */
  { OFF, ACTIV, 0, 5,
    "Conversation en anglais",
    "Native speaker living in the quartier. Je propose une heure de conversation en anglais "
    "par semaine, {lieu}, pour débutants ou confirmés. Gratuit, bien sûr." },
  { REQ, ACTIV, 0, 4,
    "Cherche partenaire de conversation en {langue}",
    "Je voudrais progresser en {langue} et je cherche quelqu'un pour pratiquer une heure "
    "par semaine, "
    "{lieu}. En échange, je peux vous aider en français." },
  { OFF, ACTIV, 0, 4,
    "Aide aux devoirs",
    "Professeur à la retraite, je propose de l'aide aux devoirs en {matiere} pour les "
    "collégiens, le {jour} {moment}." },
  { REQ, ACTIV, 0, 4,
    "Soutien scolaire pour mon fils",
    "Mon fils en 4e a du mal en {matiere}. Je cherche un lycéen ou un étudiant du quartier "
    "pour une heure par semaine. Je peux participer un peu." },
  { OFF, ACTIV, 0, 3,
    "Cours de français pour nouveaux arrivants",
    "Je donne des cours de français gratuits aux adultes qui arrivent en France, le {jour} "
    "{moment}, {lieu}. Tous niveaux." },
  { OFF, ACTIV, 0, 3,
    "Initiation à l'ordinateur",
    "Je propose d'apprendre les bases de l'ordinateur et de la tablette : mails, photos, "
    "appels vidéo. Petits groupes de trois, à la permanence de l'association." },
  { REQ, ACTIV, ELDERLY, 3,
    "Des voisins pour jouer {au_jeu}",
    "Je cherche des partenaires pour jouer {au_jeu} l'après-midi. Je fournis le thé et les "
    "biscuits, {rue}." },
  { OFF, ACTIV, 0, 2,
    "Cours de cuisine du monde",
    "Je vous apprends des recettes de chez moi, différentes chaque fois. On cuisine "
    "ensemble puis on partage, le {jour_we} midi." },
  { OFF, ACTIV, 0, 2,
    "Balade photo dans le quartier",
    "Photographe amateur, je propose une balade photo dans les cours et passages du "
    "Faubourg, le {jour_we} à {heure}. Un téléphone suffit." },

  /* Groups */
  { OFF, GRP, DATED | WEEKEND, 5,
    "Course à pied le dimanche sur la Coulée verte",
    "Petit groupe de course, tous niveaux, rendez-vous le dimanche à {heure} en haut des "
    "escaliers du viaduc des Arts. Environ 5 km, on attend tout le monde." },
  { OFF, GRP, DATED, 4,
    "Marche douce pour les seniors",
    "Chaque {jour} à {heure}, une marche tranquille d'une heure, {lieu}, avec des pauses. "
    "Venez comme vous êtes, on prend le temps." },
  { OFF, GRP, 0, 3,
    "Club de lecture",
    "Nous nous retrouvons une fois par mois {lieu} pour parler de nos lectures. Ce mois-ci : "
    "des {livres}. Nouveaux membres bienvenus." },
  { OFF, GRP, 0, 3,
    "Tricot-thé du {jour}",
    "On tricote, on papote, on boit du thé. Le {jour} {moment}, dans la salle de "
    "l'association. Débutantes et débutants bienvenus, laine fournie." },
  { REQ, GRP, 0, 3,
    "Achats groupés de légumes bio",
    "Nous voudrions monter un groupement d'achat avec un maraîcher d'Île-de-France. "
    "Il nous faut une quinzaine de foyers du quartier. Intéressé·e ?" },
  { OFF, GRP, 0, 2,
    "Jardin partagé : on cherche des bras",
    "Le jardin partagé a besoin de monde pour l'arrosage et le désherbage. Passez le {jour_we} "
    "matin, même une heure, et repartez avec des herbes aromatiques." },
  { OFF, GRP, DATED, 2,
    "Chorale de quartier",
    "La chorale reprend ! Répétition le {jour} à {heure}, chansons françaises et chants du "
    "monde. Pas besoin de savoir lire la musique." },
  { REQ, GRP, 0, 2,
    "Groupe de parents du square",
    "Parents de jeunes enfants, on se retrouve au square Trousseau pour se relayer et "
    "s'entraider. Qui veut rejoindre la liste ?" },

  /* Events */
  { OFF, EVENT, DATED | EVENING, 5,
    "Apéro dans la cour",
    "On organise un apéro dans la cour de notre immeuble, {rue}, le {jour} à {heure_soir}. "
    "Chacun apporte quelque chose : nous ferons {plat}. Les voisins des immeubles d'à côté "
    "sont les bienvenus !" },
  { OFF, EVENT, DATED | WEEKEND, 3,
    "Vide-grenier de la rue",
    "Vide-grenier entre voisins {rue}, le {jour_we} de 9 h à 17 h. Inscription gratuite "
    "auprès de l'association, un mètre et demi par personne." },
  { OFF, EVENT, DATED | WEEKEND, 3,
    "Repair café",
    "Repair café à la salle de l'association le {jour_we} à {heure} : on répare ensemble "
    "petit électroménager, vêtements, vélos. Apportez vos objets cassés !" },
  { OFF, EVENT, DATED | EVENING, 2,
    "Soirée jeux de société",
    "Soirée jeux le {jour} à {heure_soir} à la salle de l'association : {jeu}, jeux "
    "coopératifs, jeux pour enfants. Apportez vos jeux préférés." },
  { OFF, EVENT, DATED | WEEKEND, 2,
    "Nettoyage du square",
    "Opération square propre le {jour_we} à {heure} : gants et sacs fournis par la mairie. "
    "On finit par un goûter." },
  { OFF, EVENT, DATED | EVENING, 2,
    "Projection en plein air dans la cour",
    "Projection d'un film dans la cour, {rue}, le {jour} à la tombée de la nuit. Apportez "
    "un coussin ; pop-corn offert." },
  { OFF, EVENT, DATED, 2,
    "Goûter des anciens",
    "Goûter pour les aînés du quartier le {jour} à 15 h à la salle de l'association. Si "
    "vous connaissez quelqu'un qui sort peu, dites-le-lui, on peut aller le chercher." },
  { REQ, EVENT, DATED | EVENING, 2,
    "Qui veut aider pour la fête des voisins ?",
    "Nous préparons la fête des voisins {rue}. Il nous faut des tables, des rallonges et "
    "quelques volontaires pour installer à {heure_soir}." },
};

const VoisinsDemoPostTemplate *
_voisins_demo_get_post_templates (guint *n_templates)
{
  *n_templates = N (post_templates);
  return post_templates;
}

/* Start of a body; an empty string adds nothing. */
static const char * const openings[] = {
  "", "", "", "", "Bonjour à tous,", "Bonjour,", "Bonjour les voisins !", "Bonsoir à tous,",
  "Salut le quartier !", "Chers voisins,",
};

const char * const *
_voisins_demo_get_openings (guint *n_openings)
{
  *n_openings = N (openings);
  return openings;
}

/* Ending of a body; an empty string adds nothing. */
static const char * const closings[] = {
  "", "", "", "Merci d'avance !", "Merci beaucoup.", "Au plaisir !",
  "Vous pouvez me joindre par l'association.", "Je suis joignable en soirée.",
  "Bonne journée à tous.", "N'hésitez pas, même pour une seule fois.",
  "Je peux remercier avec un bon gâteau :)", "Merci aux voisins !",
  "Appelez la permanence si vous êtes intéressé·e.",
};

const char * const *
_voisins_demo_get_closings (guint *n_closings)
{
  *n_closings = N (closings);
  return closings;
}

/* Invented, so that nobody takes a fallback address for a real one. */
static const char * const fallback_streets[] = {
  "rue des Ébénistes", "rue des Tonneliers", "passage des Vernisseurs",
  "rue du Marché-aux-Bois", "rue de la Petite-Scierie", "impasse des Doreurs",
  "avenue des Quinze-Arpents", "rue des Marqueteurs", "cour des Laqueurs",
  "rue des Cannages", "allée du Port-aux-Vins", "rue de la Tourelle-Verte",
  "passage du Vieux-Chantier", "rue des Menuisiers", "rue du Pressoir-Vert",
};

const char * const *
_voisins_demo_get_fallback_streets (guint *n_streets)
{
  *n_streets = N (fallback_streets);
  return fallback_streets;
}

static const char * const needs_elderly_f[] = {
  "Ne peut pas monter d'escaliers", "Vit seule, ne sort plus guère",
  "Malentendante : parler fort et lentement", "Se déplace avec un déambulateur",
  "Ne sort plus seule", "A besoin d'aide pour les courses",
  "Vue basse : lire les courriers à voix haute", "Préfère être appelée le matin",
  "Pas de portable, appeler le fixe", "Diabétique",
};
static const char * const needs_elderly_m[] = {
  "Ne peut pas monter d'escaliers", "Vit seul, ne sort plus guère",
  "Malentendant : parler fort et lentement", "Se déplace avec une canne",
  "Ne sort plus seul", "A besoin d'aide pour les courses",
  "Vue basse : lire les courriers à voix haute", "Préfère être appelé le matin",
  "Pas de portable, appeler le fixe", "Diabétique",
};
static const char * const needs_other[] = {
  "Parent solo, disponible le week-end", "En fauteuil roulant",
  "Parle peu français, préfère l'anglais", "Pas joignable avant 19 h",
  "Travaille de nuit, appeler l'après-midi", "Allergique aux chats",
};

const char * const *
_voisins_demo_get_needs (gboolean  elderly,
                         gboolean  female,
                         guint    *n_needs)
{
  if (!elderly)
    {
      *n_needs = N (needs_other);
      return needs_other;
    }

  *n_needs = female ? N (needs_elderly_f) : N (needs_elderly_m);
  return female ? needs_elderly_f : needs_elderly_m;
}

static const char * const host_notes[] = {
  "", "", "Appartement au 1er avec ascenseur.", "Nous avons un chat très calme.",
  "Couscous le 31, tout le monde est bienvenu !", "Famille avec deux enfants, ambiance simple.",
  "Je cuisine végétarien pour six.", "Rez-de-chaussée sur cour, accessible en fauteuil.",
  "Je peux aller chercher la personne en voiture.", "Repas calme, nous sommes deux retraités.",
  "On chante après le dessert !", "Nous parlons aussi la langue de nos parents.",
  "Petit appartement, mais grande table.", "Bûche maison garantie.",
};

const char * const *
_voisins_demo_get_host_notes (guint *n_notes)
{
  *n_notes = N (host_notes);
  return host_notes;
}

static const char * const guest_notes_f[] = {
  "", "Veuve depuis deux ans, aime parler cinéma.", "N'a plus de famille à Paris.",
  "Timide au début, mais adore les enfants.", "Ancienne couturière du Faubourg.",
  "Aime la musique, surtout l'accordéon.", "Se couche tôt : préfère le déjeuner.",
  "Ne mange pas épicé.", "Vient avec sa canne, trois marches au plus.",
  "A travaillé quarante ans à la gare de Lyon.", "Sa fille vit au Canada.",
};
static const char * const guest_notes_m[] = {
  "", "Veuf depuis deux ans, aime parler football.", "N'a plus de famille à Paris.",
  "Timide au début, mais adore les enfants.", "Ancien ébéniste du Faubourg.",
  "Aime la musique, surtout le jazz.", "Se couche tôt : préfère le déjeuner.",
  "Ne mange pas épicé.", "Vient avec sa canne, trois marches au plus.",
  "A travaillé quarante ans à la gare de Lyon.", "Son fils vit à Marseille.",
};

const char * const *
_voisins_demo_get_guest_notes (gboolean  female,
                               guint    *n_notes)
{
  *n_notes = female ? N (guest_notes_f) : N (guest_notes_m);
  return female ? guest_notes_f : guest_notes_m;
}

/* Who checked a member's address. */
static const char * const volunteers[] = {
  "Françoise B.", "Karim M.", "Hélène D.", "Jean-Pierre V.", "Nadia K.", "Thomas L.",
};

const char * const *
_voisins_demo_get_volunteers (guint *n_volunteers)
{
  *n_volunteers = N (volunteers);
  return volunteers;
}
