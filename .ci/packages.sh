# The Debian 12 packages Voisins needs to build, run and test (sourced by .ci/deps and
# .ci/run). Name every new one here and in the README.
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
packages=(
  # build
  meson ninja-build pkg-config gcc gettext libglib2.0-dev libglib2.0-dev-bin
  # core: local store and JSON
  libsqlite3-dev libjson-glib-dev
  # app: GTK 4, libadwaita, the map
  libgtk-4-dev libadwaita-1-dev libshumate-dev libsecret-1-dev
  # server and sync: HTTP, password hashing and tokens
  libsoup-3.0-dev libsodium-dev
  # the server's SQL layer on PostgreSQL: libpq, and a real cluster for the db-postgresql tests
  libpq-dev postgresql
  # the address base and the members' spreadsheets (CSV)
  libcsv-dev
  # the calendar feed and the .ics of one event (iCalendar)
  libical-dev
  # the server's basemap: reading open data (GDAL/OGR), drawing tiles (cairo, pango, libpng)
  libgdal-dev libcairo2-dev libpango1.0-dev libpng-dev
  # tests: a real window under Xvfb (xdotool: real pointer clicks), screenshots,
  # desktop-file and appstream checks, a French locale
  xvfb xauth imagemagick desktop-file-utils appstream locales dbus-x11 xdotool
  fonts-cantarell adwaita-icon-theme sqlite3 poppler-utils
  # the keyboard-only tests press real keys (XTest)
  libxtst-dev
  # the format check of the lines a change touches
  clang-format git
  # the sanitizer build and the libFuzzer harnesses
  clang libclang-rt-14-dev
  # the Flatpak manifest check (flatpak-builder --show-manifest)
  flatpak-builder
  # the shipped nginx configuration, started for real in front of the server (deploy/nginx)
  nginx-light openssl
  # bench/load's check that nginx answers before the simulated laptops start
  curl
)
