/* voisins-map.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "voisins-map"

#include <glib/gi18n.h>
#include <math.h>

#include "voisins-cluster-layer.h"
#include "voisins-map.h"
#include "voisins-mbtiles-source.h"
#include "voisins-plain-tile-source.h"
#include "voisins-tile-downloader.h"

#define DEFAULT_LATITUDE   48.8566
#define DEFAULT_LONGITUDE  2.3522
#define DEFAULT_ZOOM       12.0
#define MIN_ZOOM           3
#define SELECT_ZOOM        17.0

struct _VoisinsMap
{
  GtkWidget            parent_instance;

  GtkWidget           *overlay;
  ShumateSimpleMap    *simple_map;
  VoisinsClusterLayer *post_layer;
  GtkWidget           *center_button;
  GtkWidget           *legend;
  GtkWidget           *note;

  ShumateMapSource    *map_source;
  char                *mbtiles_path; /* the file shown, to open again at another scale */
  VoisinsPolygon      *boundary;
  GPtrArray           *boundary_layers;
  guint                frame_source;
};

G_DEFINE_FINAL_TYPE (VoisinsMap, voisins_map, GTK_TYPE_WIDGET)

enum {
  POST_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char target_css[] =
  "button.voisins-map-target {"
  "  background: none; border: none; box-shadow: none;"
  "  min-width: 0; min-height: 0; padding: 0; margin: 0;"
  "  border-radius: 9999px; outline-color: transparent;"
  "}"
  "button.voisins-map-target:focus-visible {"
  "  outline: 3px solid #1c71d8; outline-offset: 2px;"
  "}"
  ".voisins-map-legend {"
  "  background-color: alpha(@view_bg_color, 0.88); color: @view_fg_color;"
  "  border-radius: 8px; padding: 6px 10px;"
  "  box-shadow: 0 1px 3px alpha(black, 0.2);"
  "}"
  ".voisins-map-legend-dot {"
  "  min-width: 12px; min-height: 12px; border-radius: 9999px;"
  "  box-shadow: 0 0 0 1.5px white;"
  "}"
  ".voisins-map-legend-dot.request { background-color: #c64600; }"
  ".voisins-map-legend-dot.offer { background-color: #26a269; }"
  ".voisins-map-legend-dot.cluster {"
  "  background-color: #1c71d8; color: white; font-weight: bold; font-size: 8pt;"
  "  min-width: 16px; min-height: 16px;"
  "}";

/* The cluster layer draws the focus ring itself, round and on any basemap; the note says
 * why the map shows no streets. */
static const char note_css[] =
    "button.voisins-map-target:focus-visible { outline-color: transparent; }"
    ".voisins-map-note {"
    "  background-color: alpha(@view_bg_color, 0.94); color: @view_fg_color;"
    "  border-radius: 9999px; padding: 6px 14px; font-weight: bold;"
    "  box-shadow: 0 1px 3px alpha(black, 0.25);"
    "}";

static ShumateMap *
get_map (VoisinsMap *self)
{
  return shumate_simple_map_get_map (self->simple_map);
}

static void
on_post_activated (VoisinsMap *self,
                   const char *id)
{
  g_signal_emit (self, signals [POST_ACTIVATED], 0, id);
}

static void
on_cluster_activated (VoisinsMap *self,
                      double      latitude,
                      double      longitude,
                      double      zoom)
{
  ShumateViewport *viewport = voisins_map_get_viewport (self);

  zoom = MIN (zoom, shumate_viewport_get_max_zoom_level (viewport));
  shumate_map_go_to_full (get_map (self), latitude, longitude, zoom);
}

static void
on_center_clicked (VoisinsMap *self)
{
  voisins_map_center_on_boundary (self);
}

/* Bottom right, above the tile attribution when the basemap has one. */
static gboolean
on_get_child_position (VoisinsMap    *self,
                       GtkWidget     *widget,
                       GdkRectangle  *allocation,
                       GtkOverlay    *overlay)
{
  ShumateLicense *license = shumate_simple_map_get_license (self->simple_map);
  const char *text = NULL;
  const char *extra = shumate_license_get_extra_text (license);
  int width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int height = gtk_widget_get_height (GTK_WIDGET (overlay));
  int bottom = height;
  int min_w, nat_w, min_h, nat_h;
  graphene_rect_t bounds;

  if (widget != self->legend)
    return FALSE;

  if (self->map_source != NULL)
    text = shumate_map_source_get_license (self->map_source);

  if (((text != NULL && *text != '\0') || (extra != NULL && *extra != '\0'))
      && gtk_widget_get_visible (GTK_WIDGET (license))
      && gtk_widget_compute_bounds (GTK_WIDGET (license), GTK_WIDGET (overlay), &bounds)
      && bounds.size.height > 0)
    bottom = MIN (bottom, (int) bounds.origin.y);

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  nat_w = MIN (nat_w, MAX (min_w, width - 12));
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, nat_w, &min_h, &nat_h, NULL, NULL);

  allocation->width = nat_w;
  allocation->height = nat_h;
  allocation->x = MAX (0, width - nat_w - 6);
  allocation->y = MAX (0, bottom - nat_h - 6);

  return TRUE;
}

static GtkWidget *
legend_row (const char *css_class,
            const char *text,
            const char *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_label_new (text);
  GtkWidget *dot_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *caption = gtk_label_new (label);

  gtk_widget_add_css_class (dot, "voisins-map-legend-dot");
  gtk_widget_add_css_class (dot, css_class);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (dot, GTK_ALIGN_CENTER);
  gtk_accessible_update_state (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  /* The same width for every dot, so the labels line up. */
  gtk_widget_set_size_request (dot_box, 18, -1);
  gtk_box_append (GTK_BOX (dot_box), dot);

  gtk_label_set_xalign (GTK_LABEL (caption), 0.0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 28);

  gtk_box_append (GTK_BOX (box), dot_box);
  gtk_box_append (GTK_BOX (box), caption);

  return box;
}

static GtkWidget *
legend_new (void)
{
  GtkWidget *legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *note;

  gtk_widget_add_css_class (legend, "voisins-map-legend");
  gtk_widget_add_css_class (legend, "caption");
  gtk_widget_set_halign (legend, GTK_ALIGN_END);
  gtk_widget_set_valign (legend, GTK_ALIGN_END);

  /* TRANSLATORS: map legend, an orange dot */
  gtk_box_append (GTK_BOX (legend), legend_row ("request", NULL, _("Request")));
  /* TRANSLATORS: map legend, a green dot */
  gtk_box_append (GTK_BOX (legend), legend_row ("offer", NULL, _("Offer")));
  /* TRANSLATORS: map legend, a blue circle with a number in it */
  gtk_box_append (GTK_BOX (legend), legend_row ("cluster", "3",
                                                _("Several posts: click to zoom in")));

  note = gtk_label_new (_("Positions are approximate (about 150 m)"));
  gtk_label_set_xalign (GTK_LABEL (note), 0.0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 40);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_set_margin_top (note, 2);
  gtk_box_append (GTK_BOX (legend), note);

  gtk_widget_set_tooltip_text (legend,
                               _("To protect neighbours’ privacy, the map never shows exact "
                                 "addresses: each post is placed within about 150 m of the "
                                 "real place."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (legend),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map legend"),
                                  -1);

  return legend;
}

/* libshumate 1.0's zoom buttons carry only an English tooltip, so a screen reader says
 * "GtkButton": name them in the UI's language. */
static void
name_zoom_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *image = GTK_IS_BUTTON (child) ? gtk_button_get_child (GTK_BUTTON (child)) : NULL;
      const char *icon = GTK_IS_IMAGE (image) ? gtk_image_get_icon_name (GTK_IMAGE (image)) : NULL;

      if (g_strcmp0 (icon, "zoom-in-symbolic") == 0)
        {
          gtk_widget_set_tooltip_text (child, _("Zoom In"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Zoom in"),
                                          -1);
        }
      else if (g_strcmp0 (icon, "zoom-out-symbolic") == 0)
        {
          gtk_widget_set_tooltip_text (child, _("Zoom Out"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Zoom out"),
                                          -1);
        }
      else if (!SHUMATE_IS_MAP (child))
        name_zoom_buttons (child);
    }
}

static void
voisins_map_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  VoisinsMap *self = VOISINS_MAP (widget);

  gtk_widget_allocate (self->overlay, width, height, baseline, NULL);
}

static void
voisins_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  VoisinsMap *self = VOISINS_MAP (widget);

  gtk_widget_measure (self->overlay, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
voisins_map_dispose (GObject *object)
{
  VoisinsMap *self = (VoisinsMap *) object;

  g_clear_handle_id (&self->frame_source, g_source_remove);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  self->simple_map = NULL;
  self->post_layer = NULL;
  self->center_button = NULL;
  self->legend = NULL;
  self->note = NULL;
  g_clear_pointer (&self->boundary_layers, g_ptr_array_unref);
  g_clear_object (&self->map_source);
  g_clear_pointer (&self->mbtiles_path, g_free);
  g_clear_pointer (&self->boundary, voisins_polygon_unref);

  G_OBJECT_CLASS (voisins_map_parent_class)->dispose (object);
}

static void
voisins_map_class_init (VoisinsMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = voisins_map_dispose;

  widget_class->measure = voisins_map_measure;
  widget_class->size_allocate = voisins_map_size_allocate;

  /**
   * VoisinsMap::post-activated:
   * @id: the post's id
   *
   * A post on the map was clicked, or activated from the keyboard.
   */
  signals [POST_ACTIVATED] =
    g_signal_new ("post-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "voisins-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ensure_css (void)
{
  static gboolean done;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autofree char *css = NULL;

  if (done || display == NULL)
    return;

  done = TRUE;
  provider = gtk_css_provider_new ();
  css = g_strconcat (target_css, note_css, NULL);
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Moved to a screen at another scale: the file's tiles for that one. */
static void
on_scale_factor (VoisinsMap *self)
{
  g_autofree char *path = g_strdup (self->mbtiles_path);
  g_autoptr(GError) error = NULL;

  if (path != NULL && !voisins_map_set_mbtiles (self, path, &error))
    g_debug ("The offline map at the new scale: %s", error->message);
}

static void
voisins_map_init (VoisinsMap *self)
{
  ShumateViewport *viewport;

  ensure_css ();

  self->boundary_layers = g_ptr_array_new_with_free_func (g_object_unref);

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->simple_map = shumate_simple_map_new ();
  /* A Paris quartier is measured in metres. */
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->simple_map), SHUMATE_UNIT_METRIC);
  gtk_widget_set_hexpand (GTK_WIDGET (self->simple_map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->simple_map), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->simple_map));

  viewport = shumate_simple_map_get_viewport (self->simple_map);

  /* A base layer first: libshumate 1.0 puts the first map source's layer above
   * whatever layers were already added. */
  voisins_map_set_plain_tiles (self, TRUE);

  self->post_layer = voisins_cluster_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->post_layer));
  g_signal_connect_object (self->post_layer, "post-activated",
                           G_CALLBACK (on_post_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->post_layer, "cluster-activated",
                           G_CALLBACK (on_cluster_activated), self, G_CONNECT_SWAPPED);

  self->center_button = gtk_button_new_from_icon_name ("find-location-symbolic");
  gtk_widget_set_tooltip_text (self->center_button, _("Show the Whole Quartier"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->center_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show the whole quartier"),
                                  -1);
  gtk_widget_add_css_class (self->center_button, "osd");
  gtk_widget_add_css_class (self->center_button, "circular");
  gtk_widget_set_halign (self->center_button, GTK_ALIGN_START);
  gtk_widget_set_valign (self->center_button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->center_button, 6);
  gtk_widget_set_margin_top (self->center_button, 6);
  gtk_widget_set_visible (self->center_button, FALSE);
  g_signal_connect_object (self->center_button, "clicked",
                           G_CALLBACK (on_center_clicked), self, G_CONNECT_SWAPPED);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->center_button);

  self->legend = legend_new ();
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->legend);

  self->note = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->note), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->note), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->note, "voisins-map-note");
  gtk_widget_set_halign (self->note, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->note, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->note, 12);
  gtk_widget_set_margin_start (self->note, 56);
  gtk_widget_set_margin_end (self->note, 56);
  gtk_widget_set_can_target (self->note, FALSE);
  gtk_widget_set_visible (self->note, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->note);

  name_zoom_buttons (GTK_WIDGET (self->simple_map));
  g_signal_connect_object (self->overlay, "get-child-position",
                           G_CALLBACK (on_get_child_position), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map of the quartier"),
                                  -1);

  shumate_map_center_on (get_map (self), DEFAULT_LATITUDE, DEFAULT_LONGITUDE);
  shumate_viewport_set_zoom_level (viewport, DEFAULT_ZOOM);
}

GtkWidget *
voisins_map_new (void)
{
  return g_object_new (VOISINS_TYPE_MAP, NULL);
}

/* Boundary */

/* Frames the quartier in the part of the map nothing covers: below the note and the
 * buttons, above the legend (which used to hide the boundary's corner). */
static void
frame_boundary (VoisinsMap *self)
{
  ShumateViewport *viewport = voisins_map_get_viewport (self);
  VoisinsBBox bbox;
  double lat, lon, zoom = 15.5;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double phi1, phi2, my1, my2, mx1, mx2;

  voisins_polygon_get_bbox (self->boundary, &bbox);
  phi1 = bbox.min_lat * G_PI / 180.0;
  phi2 = bbox.max_lat * G_PI / 180.0;
  my1 = (1.0 - log (tan (phi2) + 1 / cos (phi2)) / G_PI) / 2.0;   /* north */
  my2 = (1.0 - log (tan (phi1) + 1 / cos (phi1)) / G_PI) / 2.0;   /* south */
  mx1 = (bbox.min_lon + 180.0) / 360.0;
  mx2 = (bbox.max_lon + 180.0) / 360.0;
  lat = (bbox.min_lat + bbox.max_lat) / 2.0;
  lon = (bbox.min_lon + bbox.max_lon) / 2.0;

  if (width > 0 && height > 0)
    {
      ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
      double tile = source ? shumate_map_source_get_tile_size (source) : 256.0;
      int legend_h = 0, top = 56, left = 16, right = 16, bottom;
      double avail_w, avail_h, world, cx, cy, zx, zy;

      gtk_widget_measure (self->legend, GTK_ORIENTATION_VERTICAL, -1, NULL, &legend_h, NULL, NULL);
      bottom = legend_h + 24;
      avail_w = MAX (64, width - left - right);
      avail_h = MAX (64, height - top - bottom);

      zx = mx2 > mx1 ? log2 (0.95 * avail_w / ((mx2 - mx1) * tile)) : 17;
      zy = my2 > my1 ? log2 (0.95 * avail_h / ((my2 - my1) * tile)) : 17;
      zoom = floor (MIN (zx, zy) * 4) / 4;
      zoom = CLAMP (zoom, 13.0, 17.0);
      zoom = CLAMP (zoom,
                    shumate_viewport_get_min_zoom_level (viewport),
                    shumate_viewport_get_max_zoom_level (viewport));

      /* The bbox's centre goes to the centre of the free area, not of the widget. */
      world = tile * pow (2.0, zoom);
      cx = (mx1 + mx2) / 2.0 * world + (width / 2.0 - (left + avail_w / 2.0));
      cy = (my1 + my2) / 2.0 * world + (height / 2.0 - (top + avail_h / 2.0));
      lon = cx / world * 360.0 - 180.0;
      lat = atan (sinh (G_PI * (1.0 - 2.0 * cy / world))) * 180.0 / G_PI;
    }

  zoom = CLAMP (zoom, 13.0, 17.0);
  zoom = CLAMP (zoom,
                shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));

  shumate_map_stop_go_to (get_map (self));
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (get_map (self), lat, lon);
}

static gboolean
frame_when_allocated_cb (gpointer user_data)
{
  VoisinsMap *self = user_data;

  if (gtk_widget_get_width (GTK_WIDGET (self)) == 0)
    return G_SOURCE_CONTINUE;

  self->frame_source = 0;
  if (self->boundary != NULL)
    frame_boundary (self);

  return G_SOURCE_REMOVE;
}

void
voisins_map_center_on_boundary (VoisinsMap *self)
{
  g_return_if_fail (VOISINS_IS_MAP (self));

  if (self->boundary == NULL)
    return;

  /* Frame now with a guess, and again with the real size once known. */
  frame_boundary (self);

  if (gtk_widget_get_width (GTK_WIDGET (self)) == 0 && self->frame_source == 0)
    self->frame_source = g_timeout_add (50, frame_when_allocated_cb, self);
}

void
voisins_map_set_boundary (VoisinsMap     *self,
                          VoisinsPolygon *boundary)
{
  ShumateViewport *viewport;
  ShumateMap *map;
  GdkRGBA stroke = { 0.110, 0.443, 0.847, 0.85 };  /* #1c71d8 */
  GdkRGBA fill = { 0.208, 0.518, 0.894, 0.07 };    /* #3584e4 */

  g_return_if_fail (VOISINS_IS_MAP (self));

  if (self->boundary == boundary)
    return;

  map = get_map (self);
  viewport = voisins_map_get_viewport (self);

  for (guint i = 0; i < self->boundary_layers->len; i++)
    shumate_map_remove_layer (map, g_ptr_array_index (self->boundary_layers, i));
  g_ptr_array_set_size (self->boundary_layers, 0);

  g_clear_pointer (&self->boundary, voisins_polygon_unref);
  if (boundary != NULL)
    self->boundary = voisins_polygon_ref (boundary);

  gtk_widget_set_visible (self->center_button, boundary != NULL);

  if (boundary == NULL)
    return;

  for (guint ring = 0; ring < voisins_polygon_get_n_rings (boundary); ring++)
    {
      ShumatePathLayer *layer = shumate_path_layer_new (viewport);
      guint n_points = 0;
      const double *points = voisins_polygon_get_ring (boundary, ring, &n_points);

      for (guint i = 0; i < n_points; i++)
        shumate_path_layer_add_node (layer,
                                     SHUMATE_LOCATION (shumate_coordinate_new_full (points[2 * i + 1],
                                                                                    points[2 * i])));

      shumate_path_layer_set_closed (layer, TRUE);
      shumate_path_layer_set_fill (layer, TRUE);
      shumate_path_layer_set_fill_color (layer, &fill);
      shumate_path_layer_set_stroke_color (layer, &stroke);
      shumate_path_layer_set_stroke_width (layer, 2.5);
      gtk_widget_set_can_target (GTK_WIDGET (layer), FALSE);

      /* Under the posts. */
      shumate_map_insert_layer_behind (map, SHUMATE_LAYER (layer), SHUMATE_LAYER (self->post_layer));
      g_ptr_array_add (self->boundary_layers, g_object_ref (layer));
    }

  voisins_map_center_on_boundary (self);
}

VoisinsPolygon *
voisins_map_get_boundary (VoisinsMap *self)
{
  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  return self->boundary;
}

/* Posts */

void
voisins_map_set_model (VoisinsMap *self,
                       GListModel *posts)
{
  g_return_if_fail (VOISINS_IS_MAP (self));
  g_return_if_fail (posts == NULL || G_IS_LIST_MODEL (posts));

  voisins_cluster_layer_set_model (self->post_layer, posts);
}

GListModel *
voisins_map_get_model (VoisinsMap *self)
{
  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  return voisins_cluster_layer_get_model (self->post_layer);
}

void
voisins_map_select_post (VoisinsMap *self,
                         const char *id)
{
  ShumateViewport *viewport;
  double lat, lon;

  g_return_if_fail (VOISINS_IS_MAP (self));

  if (!voisins_cluster_layer_select_post (self->post_layer, id, &lat, &lon))
    return;

  viewport = voisins_map_get_viewport (self);
  shumate_map_stop_go_to (get_map (self));
  if (shumate_viewport_get_zoom_level (viewport) < SELECT_ZOOM)
    shumate_viewport_set_zoom_level (viewport, MIN (SELECT_ZOOM, shumate_viewport_get_max_zoom_level (viewport)));
  shumate_map_center_on (get_map (self), lat, lon);
}

/* Basemaps */

void
voisins_map_set_map_source (VoisinsMap       *self,
                            ShumateMapSource *source)
{
  ShumateViewport *viewport;
  double zoom;

  g_return_if_fail (VOISINS_IS_MAP (self));
  g_return_if_fail (SHUMATE_IS_MAP_SOURCE (source));

  if (self->map_source == source)
    return;

  viewport = voisins_map_get_viewport (self);
  zoom = shumate_viewport_get_zoom_level (viewport);

  g_set_object (&self->map_source, source);
  shumate_simple_map_set_map_source (self->simple_map, source);
  /* Another kind of map than a file: nothing to open again at another scale. */
  if (!g_str_has_prefix (shumate_map_source_get_id (source), "voisins-mbtiles-"))
    g_clear_pointer (&self->mbtiles_path, g_free);

  /* Setting the reference map source resets the viewport's zoom limits: ours come after. */
  shumate_viewport_set_min_zoom_level (viewport, MAX (MIN_ZOOM, shumate_map_source_get_min_zoom_level (source)));
  shumate_viewport_set_max_zoom_level (viewport, shumate_map_source_get_max_zoom_level (source));
  shumate_viewport_set_zoom_level (viewport, zoom);
}

void
voisins_map_set_plain_tiles (VoisinsMap *self,
                             gboolean    grid)
{
  g_autoptr(VoisinsPlainTileSource) data = NULL;
  g_autoptr(ShumateMapSource) source = NULL;

  g_return_if_fail (VOISINS_IS_MAP (self));

  data = voisins_plain_tile_source_new (grid);
  source = voisins_plain_tile_source_create_map_source (data);
  voisins_map_set_map_source (self, source);
}

void
voisins_map_set_tile_url (VoisinsMap *self,
                          const char *url_template,
                          const char *attribution)
{
  const char *forced = g_getenv ("VOISINS_TILE_SOURCE");
  g_autoptr(VoisinsTileDownloader) downloader = NULL;
  g_autoptr(ShumateMapSource) source = NULL;

  g_return_if_fail (VOISINS_IS_MAP (self));

  if (forced != NULL && (g_str_equal (forced, "none") || g_str_equal (forced, "test")))
    {
      g_debug ("VOISINS_TILE_SOURCE=%s: not using a tile server", forced);
      voisins_map_set_plain_tiles (self, g_str_equal (forced, "test"));
      return;
    }

  if (url_template == NULL || *url_template == '\0')
    {
      voisins_map_set_plain_tiles (self, FALSE);
      return;
    }

  /* OpenStreetMap's tile policy: an application that names itself, a file cache, only the
   * tiles in view (voisins-tile-downloader.c). */
  downloader = voisins_tile_downloader_new (url_template, "voisins-tiles");
  source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("voisins-tiles",
                                                                 _("Map"),
                                                                 attribution,
                                                                 NULL,
                                                                 0, 19, 256,
                                                                 SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                 SHUMATE_DATA_SOURCE (downloader)));
  voisins_map_set_map_source (self, source);
}

gboolean
voisins_map_set_mbtiles (VoisinsMap  *self,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(VoisinsMbtilesSource) data = NULL;
  g_autoptr(ShumateMapSource) source = NULL;

  g_return_val_if_fail (VOISINS_IS_MAP (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = voisins_mbtiles_source_new (path, error);
  if (data == NULL)
    return FALSE;

  voisins_mbtiles_source_set_scale (data, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  source = voisins_mbtiles_source_create_map_source (data);
  voisins_map_set_map_source (self, source);
  if (self->mbtiles_path != path)
    {
      g_free (self->mbtiles_path);
      self->mbtiles_path = g_strdup (path);
    }

  return TRUE;
}

ShumateSimpleMap *
voisins_map_get_simple_map (VoisinsMap *self)
{
  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  return self->simple_map;
}

ShumateViewport *
voisins_map_get_viewport (VoisinsMap *self)
{
  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  return shumate_simple_map_get_viewport (self->simple_map);
}

void
voisins_map_add_layer (VoisinsMap   *self,
                       ShumateLayer *layer)
{
  g_return_if_fail (VOISINS_IS_MAP (self));
  g_return_if_fail (SHUMATE_IS_LAYER (layer));

  /* Below the posts, so that another room's dots never hide the posts' clusters. */
  shumate_map_insert_layer_behind (get_map (self), layer, SHUMATE_LAYER (self->post_layer));
}

void
voisins_map_remove_layer (VoisinsMap   *self,
                          ShumateLayer *layer)
{
  g_return_if_fail (VOISINS_IS_MAP (self));
  g_return_if_fail (SHUMATE_IS_LAYER (layer));

  /* The window may tear the map down before the page lets go of its layer. */
  if (self->simple_map != NULL)
    shumate_map_remove_layer (get_map (self), layer);
}

ShumateLayer *
voisins_map_get_post_layer (VoisinsMap *self)
{
  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  return SHUMATE_LAYER (self->post_layer);
}

void
voisins_map_set_note (VoisinsMap *self,
                      const char *note)
{
  g_return_if_fail (VOISINS_IS_MAP (self));

  gtk_label_set_label (GTK_LABEL (self->note), note ? note : "");
  gtk_widget_set_visible (self->note, note != NULL && *note != '\0');
}

const char *
voisins_map_get_note (VoisinsMap *self)
{
  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  if (!gtk_widget_get_visible (self->note))
    return NULL;

  return gtk_label_get_label (GTK_LABEL (self->note));
}

const char *
voisins_map_get_attribution (VoisinsMap *self)
{
  const char *text;

  g_return_val_if_fail (VOISINS_IS_MAP (self), NULL);

  if (self->map_source == NULL)
    return NULL;

  text = shumate_map_source_get_license (self->map_source);

  return text != NULL && *text != '\0' ? text : NULL;
}

void
voisins_map_set_address_base (VoisinsMap   *self,
                              VoisinsStore *store,
                              const char   *association_id)
{
  g_return_if_fail (VOISINS_IS_MAP (self));

  voisins_cluster_layer_set_address_base (self->post_layer, store, association_id);
}
