#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-format.py [--base REV] [--self-test] [SOURCE_ROOT]

Checks that the C lines a change touches are formatted as .clang-format says, the way GNOME
Calendar's style-check-diff does: only the touched lines, never whole files, so old code is
not reformatted behind a reviewer's back. The change is the working tree against --base
(default HEAD: what you are about to commit). One difference is forgiven: clang-format 14
cannot write gettext's `_("...")` and `g_autoptr(T)` without a space, as GNOME code does.

--self-test first checks the checker on a throw-away repository (a badly formatted line must
be reported, a well formatted one must not), so the test in the suite can fail.
Exit 0 when clean, 1 with the offending lines printed, 77 (skip) without clang-format or git.
"""
import difflib, os, re, shutil, subprocess, sys, tempfile

def which_clang_format():
    for name in ("clang-format", "clang-format-14", "clang-format-15", "clang-format-16"):
        path = shutil.which(name)
        if path:
            return path
    return None

def normalise(line):
    """Keeps the indentation and the spacing between tokens, forgives alignment: GNOME code
    aligns declarations and comments by hand, in ways clang-format 14 cannot reproduce."""
    line = re.sub(r'\b(_|N_|C_|NC_|g_autoptr|g_auto|g_autolist|g_autoslist) \(', r'\1(',
                  line.rstrip())
    line = re.sub(r'(\w) \[', r'\1[', line)   # `properties [N_PROPS]`, as GNOME writes it
    indent = len(line) - len(line.lstrip(" "))
    return line[:indent] + re.sub(r'\s+', ' ', line[indent:])

def collapse(lines):
    joined = " ".join(l[:-1] if l.endswith("\\") else l for l in lines)
    return re.sub(r'\s+', ' ', joined).replace("( ", "(").strip()

def realigned(orig, formatted, before):
    """Continuation lines (the line above ends with a comma) aligned by hand in a tabular
    header, where clang-format would indent them otherwise: forgiven."""
    if len(orig) != len(formatted):
        return False
    prev = before
    for a, b in zip(orig, formatted):
        if a.strip() != b.strip() or not prev.rstrip().endswith(","):
            return False
        prev = a
    return True

def indent_of(line):
    return len(line) - len(line.lstrip(" "))

def one_per_line(orig, formatted):
    """clang-format 14 cannot be told to put each parameter on its own line, aligned after
    the parenthesis, nor to keep a hand-made wrapping of arguments: forgive a different
    wrapping of the same tokens, when the first line is indented right, every continuation
    is indented deeper and no line passes 100 columns."""
    if not orig or not formatted or collapse(orig) != collapse(formatted):
        return False
    # A string continued after `_("` sits one column further than clang-format, which wrote
    # `_ ("`, would put it.
    slack = 1 if orig[0].lstrip().startswith('"') else 0
    if abs(indent_of(orig[0]) - indent_of(formatted[0])) > slack or any(len(l) > 100 for l in orig):
        return False
    return all(indent_of(l) >= indent_of(orig[0]) for l in orig[1:])

def changed_ranges(root, base):
    out = subprocess.run(["git", "-C", root, "diff", "-U0", "--no-color", base, "--",
                          "*.c", "*.h"], capture_output=True, text=True, check=True).stdout
    ranges, current = {}, None
    for line in out.splitlines():
        if line.startswith("+++ "):
            current = None if line[4:] == "/dev/null" else line[6:]
        elif line.startswith("@@") and current:
            m = re.match(r'@@ -\S+ \+(\d+)(?:,(\d+))? @@', line)
            start, count = int(m.group(1)), int(m.group(2) or 1)
            if count > 0:
                ranges.setdefault(current, []).append((start, start + count - 1))
    # Files git does not track yet are changes too.
    untracked = subprocess.run(["git", "-C", root, "ls-files", "--others", "--exclude-standard",
                                "--", "*.c", "*.h"], capture_output=True, text=True,
                               check=True).stdout.split()
    for f in untracked:
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            n = sum(1 for _ in fh)
        if n:
            ranges[f] = [(1, n)]
    return ranges

def check(root, base, clang_format, quiet=False):
    problems = 0
    for path, spans in sorted(changed_ranges(root, base).items()):
        full = os.path.join(root, path)
        if not os.path.exists(full):
            continue
        args = [clang_format, "--style=file:" + os.path.join(root, ".clang-format")]
        for a, b in spans:
            args.append(f"--lines={a}:{b}")
        with open(full, encoding="utf-8", errors="replace") as fh:
            original = fh.read().splitlines()
        formatted = subprocess.run(args + [full], capture_output=True, text=True,
                                   check=True).stdout.splitlines()
        a = [normalise(l) for l in original]
        b = [normalise(l) for l in formatted]
        bad = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
               if op[0] != "equal"
               and not one_per_line (a[op[1]:op[2]], b[op[3]:op[4]])
               and not realigned (a[op[1]:op[2]], b[op[3]:op[4]], a[op[1] - 1] if op[1] else "")]
        if not bad:
            continue
        problems += 1
        if quiet:
            continue
        for _, i1, i2, j1, j2 in bad[:20]:
            print(f"{path}:{i1 + 1}:")
            for l in a[i1:i2]:
                print("  -" + l)
            for l in b[j1:j2]:
                print("  +" + l)
    return problems

def self_test(clang_format, style):
    with tempfile.TemporaryDirectory() as d:
        def git(*a):
            subprocess.run(["git", "-C", d, *a], check=True, capture_output=True)
        git("init", "-q")
        git("config", "user.email", "t@example.org")
        git("config", "user.name", "t")
        shutil.copy(style, os.path.join(d, ".clang-format"))
        good = "int\nadd (int a,\n     int b)\n{\n  return a + b;\n}\n"
        with open(os.path.join(d, "a.c"), "w") as f:
            f.write(good)
        git("add", ".")
        git("commit", "-q", "-m", "x")
        with open(os.path.join(d, "a.c"), "a") as f:
            f.write("\nint\nsub (int a,\n     int b)\n{\n  return gettext(\"x\") ? a - b : _(\"y\") != 0;\n}\n")
        if check(d, "HEAD", clang_format, quiet=True) == 0:
            print("self-test: a badly formatted line (gettext without a space) was not reported")
            return False
        with open(os.path.join(d, "a.c"), "w") as f:
            f.write(good + "\nconst char *\nname (void)\n{\n  return _(\"y\");\n}\n")
        if check(d, "HEAD", clang_format, quiet=True) != 0:
            print("self-test: a well formatted change was reported")
            return False
    return True

def main():
    argv = sys.argv[1:]
    base = "HEAD"
    want_self_test = False
    root = None
    while argv:
        a = argv.pop(0)
        if a == "--base":
            base = argv.pop(0)
        elif a == "--self-test":
            want_self_test = True
        else:
            root = a
    root = root or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    clang_format = which_clang_format()
    if clang_format is None or shutil.which("git") is None:
        print("clang-format or git missing: skipped")
        return 77
    if want_self_test and not self_test(clang_format, os.path.join(root, ".clang-format")):
        return 1
    if not os.path.isdir(os.path.join(root, ".git")) and not os.path.isfile(os.path.join(root, ".git")):
        print("not a git checkout: only the self-test ran")
        return 0
    n = check(root, base, clang_format)
    if n:
        print(f"{n} file(s) with changed lines not formatted as .clang-format says "
              f"(run: git clang-format {base})")
        return 1
    print("changed lines formatted")
    return 0

sys.exit(main())
