#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak.py [--self-test] MANIFEST APP_BINARY

Checks the Flatpak manifest the way a release would need it:
- `flatpak-builder --show-manifest` reads it (skipped, exit 77, without flatpak-builder);
- the runtime is a maintained GNOME runtime (50 or later: GNOME marked 46, 47 and 48 end of
  life, see END_OF_LIFE) and the SDK matches it;
- every archive or file source is pinned by a sha256, every git source by a commit;
- every library the built app links that the GNOME runtime does not ship is built by a
  module, and no module builds a library the app does not link (libsodium was one);
- the sandbox asks for no host folders, no whole session or system bus and no keyring bus name:
  files, printing and the token go through portals.

With --self-test, it checks instead that each of a few spoiled copies of MANIFEST (an
end-of-life runtime, an unpinned tarball, libsodium built, a host folder, the keyring's bus
name) is refused, so that the check above can fail.
"""
import copy, json, os, re, shutil, subprocess, sys, tempfile

# What org.gnome.Platform ships among the libraries the app links (sonames' stems).
RUNTIME = {
    "libgtk-4", "libadwaita-1", "libsoup-3.0", "libjson-glib-1.0", "libsqlite3",
    "libsecret-1", "libglib-2.0", "libgobject-2.0", "libgio-2.0", "libgmodule-2.0",
    "libcairo", "libpango-1.0", "libpangocairo-1.0", "libgdk_pixbuf-2.0", "libm", "libc",
    "libintl", "libgcc_s", "libgraphene-1.0", "libharfbuzz", "libcairo-gobject",
}
# Runtimes GNOME has marked end of life, with the date from the --end-of-life message each
# gnome-build-meta branch (gnome-46, -47, -48) commits to Flathub with.
END_OF_LIFE = {46: "2025-04-17", 47: "2025-10-15", 48: "2026-03-24"}
MINIMUM = 50

# Modules the manifest may build, by the library stem they provide.
PROVIDES = {"libcsv": "libcsv", "libical": "libical", "libshumate-1.0": "libshumate"}


# Holes a portal makes unneeded: the keyring (Secret portal), the whole buses, host folders
# (--filesystem=*, refused above; the FileChooser portal hands over what the user picks).
FORBIDDEN_ARGS = {"--talk-name=org.freedesktop.secrets", "--socket=session-bus",
                  "--socket=system-bus", "--device=all", "--talk-name=org.freedesktop.Flatpak"}


def fail(msg):
    print("FAIL:", msg)
    return 1


def linked_stems(binary):
    """The direct NEEDED entries of @binary, as stems ("libcsv" for "libcsv.so.3")."""
    out = subprocess.run(["objdump", "-p", binary], capture_output=True, text=True)
    if out.returncode != 0:
        out = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True)
    stems = set()
    for line in out.stdout.splitlines():
        m = re.search(r"NEEDED\s+(?:Shared library: \[)?([^\s\]]+)", line)
        if m:
            stems.add(m.group(1).split(".so")[0])
    return stems


def check(manifest_path, binary):
    shown = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path],
                           capture_output=True, text=True)
    if shown.returncode != 0:
        return fail("flatpak-builder cannot read the manifest: " + shown.stderr.strip())
    m = json.loads(shown.stdout)
    errors = 0

    version = str(m.get("runtime-version", ""))
    if m.get("runtime") != "org.gnome.Platform" or not version.isdigit():
        errors += fail(f"runtime {m.get('runtime')}//{version} is not a GNOME release")
    elif int(version) in END_OF_LIFE:
        errors += fail(f"GNOME {version} is end of life since {END_OF_LIFE[int(version)]}")
    elif int(version) < MINIMUM:
        errors += fail(f"GNOME {version} is older than {MINIMUM}, the oldest maintained one")
    if m.get("sdk") != "org.gnome.Sdk":
        errors += fail("the SDK is not org.gnome.Sdk")

    modules = {}
    for mod in m.get("modules", []):
        if isinstance(mod, str):
            errors += fail(f"module {mod} is an external file: keep the manifest whole")
            continue
        modules[mod["name"]] = mod
        for src in mod.get("sources", []):
            kind = src.get("type")
            if kind in ("archive", "file"):
                if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", "")):
                    errors += fail(f"{mod['name']}: {src.get('url')} has no sha256")
            elif kind == "git":
                if not re.fullmatch(r"[0-9a-f]{40}", src.get("commit", "")):
                    errors += fail(f"{mod['name']}: git source not pinned by a commit")
            elif kind != "dir":
                errors += fail(f"{mod['name']}: unexpected source type {kind}")

    needed = linked_stems(binary)
    if not needed:
        errors += fail(f"could not read the libraries {binary} links")
    for stem in sorted(needed - RUNTIME):
        module = PROVIDES.get(stem)
        if module is None:
            errors += fail(f"the app links {stem}, which neither the runtime nor a module gives")
        elif module not in modules:
            errors += fail(f"the app links {stem} but no module {module} builds it")
    for stem, module in PROVIDES.items():
        if module in modules and stem not in needed:
            errors += fail(f"module {module} builds {stem}, which the app does not link")
    if "libsodium" in modules:
        errors += fail("libsodium is built though only the server uses it")

    for arg in m.get("finish-args", []):
        if (arg.startswith("--filesystem=") or arg in FORBIDDEN_ARGS
                or arg.startswith("--talk-name=org.freedesktop.portal.")):
            errors += fail(f"finish-arg {arg}: the app keeps to its own folders and portals")

    if errors == 0:
        print(f"manifest ok: GNOME {version}, modules {', '.join(modules)}")
    return 1 if errors else 0


def spoil(manifest):
    """(what, spoiled copy) for each way the manifest must not be written."""
    def with_runtime(m):
        m["runtime-version"] = "48"

    def unpinned(m):
        for mod in m["modules"]:
            for src in mod.get("sources", []):
                if src.get("type") == "archive":
                    del src["sha256"]
                    return

    def sodium(m):
        m["modules"].insert(0, {"name": "libsodium", "buildsystem": "autotools", "sources": [
            {"type": "archive", "url": "https://example.invalid/libsodium.tar.gz",
             "sha256": "0" * 64}]})

    def home(m):
        m["finish-args"].append("--filesystem=home")

    def keyring(m):
        m["finish-args"].append("--talk-name=org.freedesktop.secrets")

    for what, change in (("GNOME 48", with_runtime), ("an archive without sha256", unpinned),
                         ("libsodium", sodium), ("--filesystem=home", home),
                         ("the keyring's bus name", keyring)):
        m = copy.deepcopy(manifest)
        change(m)
        yield what, m


def self_test(manifest_path, binary):
    with open(manifest_path) as f:
        manifest = json.load(f)
    errors = 0
    # --show-manifest does not open the "dir" source: a temporary folder will do.
    folder = tempfile.mkdtemp(prefix="voisins-flatpak-")
    for what, m in spoil(manifest):
        with tempfile.NamedTemporaryFile("w", suffix=".json", dir=folder) as f:
            json.dump(m, f)
            f.flush()
            if check(f.name, binary) == 0:
                errors += fail(f"a manifest with {what} was not refused")
            else:
                print(f"refused, as it should be: {what}")
    shutil.rmtree(folder)
    return 1 if errors else 0


def main():
    args = sys.argv[1:]
    testing = args[:1] == ["--self-test"]
    if testing:
        args = args[1:]
    manifest_path, binary = args
    if shutil.which("flatpak-builder") is None:
        print("skip: flatpak-builder is not installed", file=sys.stderr)
        return 77
    return (self_test if testing else check)(manifest_path, binary)


if __name__ == "__main__":
    sys.exit(main())
