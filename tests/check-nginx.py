#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shipped nginx configuration (deploy/nginx), for real: `nginx -t` accepts it, and a real
nginx started from it (TLS with a throwaway certificate, ephemeral ports, everything in a
temporary folder) serves a real voisins-server with the demo quartier: a login and /me go
through, a body over 1 MiB is stopped by nginx (413), a burst of logins gets nginx's 429, and
the plain-HTTP site redirects to HTTPS.

Only the parts that name this machine are rewritten (ports, certificate and log paths, the
include's path); any other change to the shipped files is tested as shipped.

With VOISINS_TEST_DATABASE=postgresql the two processes share one PostgreSQL database, in a
throwaway cluster this test starts (initdb and postgres on a Unix socket, as `nobody` under
root) and stops.
Exit 77 (skipped) when nginx or openssl is not installed, or PostgreSQL when it is asked for."""

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SRC = os.environ.get("VOISINS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
BUILD = os.environ.get("VOISINS_BUILD_DIR", "build")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER = os.path.join(BUILD, "src", "server", "voisins-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rewrite(text, subst):
    for old, new in subst:
        if old not in text:
            sys.exit(f"deploy/nginx/voisins.conf no longer has “{old}”: update this test")
        text = text.replace(old, new)
    return text


def request(url, method="GET", body=None, token=None, headers=None):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    req = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx), NoRedirect)
    try:
        with opener.open(req, timeout=20) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


PG_BIN = os.environ.get("VOISINS_PG_BINDIR", "/usr/lib/postgresql/15/bin")


def start_postgresql(tmp):
    """A throwaway cluster in tmp/pg (no TCP); its process and a new database's URI."""
    pg = os.path.join(tmp, "pg")
    os.mkdir(pg)
    as_pg = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(pg, "nobody")
        as_pg = ["runuser", "-u", "nobody", "--"]
    subprocess.run(as_pg + [os.path.join(PG_BIN, "initdb"), "-D", os.path.join(pg, "data"),
                            "-A", "trust", "-U", "voisins", "-E", "UTF8", "--locale=C"],
                   check=True, capture_output=True)
    log = open(os.path.join(tmp, "pg.log"), "w")
    proc = subprocess.Popen(as_pg + [os.path.join(PG_BIN, "postgres"), "-D",
                                     os.path.join(pg, "data"), "-k", pg, "-c",
                                     "listen_addresses=", "-c", "fsync=off"],
                            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    pid_file = os.path.join(pg, "data", "postmaster.pid")
    for _ in range(600):
        if os.path.exists(pid_file) and "ready" in open(pid_file).read():
            break
        if proc.poll() is not None:
            sys.exit(f"postgres exited at start: {open(log.name).read()}")
        time.sleep(0.05)
    else:
        sys.exit("postgres did not start within 30 s")
    subprocess.run([os.path.join(PG_BIN, "createdb"), "-h", pg, "-U", "voisins", "voisins"],
                   check=True, capture_output=True)
    return proc, f"postgresql:///voisins?host={pg}&user=voisins"


def main():
    if not os.access(NGINX, os.X_OK) or not shutil.which("openssl"):
        print("SKIP: nginx or openssl not installed")
        return 77
    postgresql = os.environ.get("VOISINS_TEST_DATABASE") == "postgresql"
    if postgresql and not all(os.access(os.path.join(PG_BIN, exe), os.X_OK)
                              for exe in ("initdb", "postgres", "createdb")):
        print(f"SKIP: PostgreSQL is not installed (no {PG_BIN}/initdb)")
        return 77
    if not os.access(SERVER, os.X_OK):
        sys.exit(f"no server at {SERVER}")

    # In /tmp whatever $TMPDIR says: PostgreSQL's socket path must stay under 108 bytes.
    tmp = tempfile.mkdtemp(prefix="voisins-nginx-", dir="/tmp" if postgresql else None)
    os.chmod(tmp, 0o755)  # nginx's workers (user nobody under root) read the certificate
    servers, nginx, pg = [], None, None
    try:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=voisins.example.org", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        os.chmod(key, 0o644)

        # A real server with the demo quartier, trusting nginx's X-Forwarded-For.
        extra = ""
        if postgresql:
            pg, db = start_postgresql(tmp)
            # a postgresql:// database has no folder for the demo's basemap
            extra = f"basemap-dir={os.path.join(tmp, 'basemaps')}\n"
        else:
            db = os.path.join(tmp, "server.db")
        conf = os.path.join(tmp, "server.conf")
        with open(conf, "w") as f:
            # 3 failures lock an account: fewer than nginx lets through (burst 5)
            f.write("[server]\ntrusted-proxy=127.0.0.1\nlogin-failures-per-account=3\n" + extra)
        demo = subprocess.run([SERVER, "-c", conf, "-d", db, "import-demo", "--posts", "30",
                               "--members", "20"], capture_output=True, text=True)
        if demo.returncode != 0:
            sys.exit(f"import-demo failed: {demo.stderr}")
        # Two server processes on the one database, as the upstream ships (two lines).
        backends, logs = [], []
        for i in range(2):
            log = open(os.path.join(tmp, f"server-{i}.log"), "w+")
            p = subprocess.Popen([SERVER, "-c", conf, "-d", db, "--listen", "127.0.0.1",
                                  "-p", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
            servers.append(p)
            logs.append(log)
            line = p.stdout.readline()
            if "listening on" not in line:
                sys.exit(f"the server did not start: {line!r}")
            backends.append(int(line.rstrip().rstrip("/").rsplit(":", 1)[1]))

        https, http = free_port(), free_port()
        with open(os.path.join(SRC, "deploy", "nginx", "voisins.conf")) as f:
            site = rewrite(f.read(), [
                ("server 127.0.0.1:8080 ", f"server 127.0.0.1:{backends[0]} "),
                ("server 127.0.0.1:8081 ", f"server 127.0.0.1:{backends[1]} "),
                ("    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{http};\n"),
                ("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n",
                 f"    listen 127.0.0.1:{https} ssl http2;\n"),
                ("/etc/letsencrypt/live/voisins.example.org/fullchain.pem", cert),
                ("/etc/letsencrypt/live/voisins.example.org/privkey.pem", key),
                ("/var/log/nginx/voisins.access.log", os.path.join(tmp, "access.log")),
                ("/etc/nginx/voisins-proxy.inc",
                 os.path.join(os.path.abspath(SRC), "deploy", "nginx", "voisins-proxy.inc")),
                ("return 301 https://$host$request_uri;",
                 f"return 301 https://$host:{https}$request_uri;"),
            ])
        with open(os.path.join(tmp, "voisins.conf"), "w") as f:
            f.write(site)
        main_conf = os.path.join(tmp, "nginx.conf")
        with open(main_conf, "w") as f:
            f.write(f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/voisins.conf;
}}
""")
        t = subprocess.run([NGINX, "-t", "-p", tmp, "-c", main_conf], capture_output=True,
                           text=True)
        if t.returncode != 0:
            sys.exit(f"nginx -t refuses deploy/nginx/voisins.conf:\n{t.stderr}")
        print("nginx -t: the shipped configuration is accepted")

        nginx = subprocess.Popen([NGINX, "-p", tmp, "-c", main_conf],
                                 stderr=subprocess.DEVNULL)
        base = f"https://127.0.0.1:{https}"
        for _ in range(100):
            try:
                status, _, _ = request(base + "/api/v1/health")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, ssl.SSLError):
                pass
            time.sleep(0.1)
        else:
            sys.exit("nginx never answered /api/v1/health")

        # A volunteer logs in through nginx and sees her associations.
        login = json.dumps({"username": "benevole", "password": "voisins-demo",
                            "device": "nginx test"}).encode()
        status, body, _ = request(base + "/api/v1/login", "POST", login)
        assert status == 200, f"login through nginx: HTTP {status} {body[:200]!r}"
        token = json.loads(body)["token"]
        status, body, _ = request(base + "/api/v1/me", token=token)
        assert status == 200 and json.loads(body)["associations"], f"/me: HTTP {status}"
        print("login and /me through nginx: 200")

        # What is not the API is not served; plain HTTP goes to HTTPS.
        status, _, _ = request(base + "/index.html")
        assert status == 404, f"/index.html: HTTP {status}, expected 404"
        status, _, headers = request(f"http://127.0.0.1:{http}/api/v1/health")
        assert status == 301 and headers["Location"].startswith("https://"), \
            f"plain HTTP: {status} {headers.get('Location')}"

        # A body over 1 MiB never reaches the server.
        status, _, _ = request(base + "/api/v1/sync/push", "POST", b"[" + b" " * (1 << 20) + b"]",
                               token=token)
        assert status == 413, f"a 1 MiB body: HTTP {status}, expected 413"
        print("1 MiB body: 413 from nginx")

        # A burst of logins: nginx's own limit (burst 5) answers 429 before the server's.
        wrong = json.dumps({"username": "benevole", "password": "wrong",
                            "device": "nginx test"}).encode()
        answers = [request(base + "/api/v1/login", "POST", wrong) for _ in range(12)]
        codes = [a[0] for a in answers]
        assert all(c in (401, 429) for c in codes), f"12 wrong logins: {codes}"
        # nginx answers in HTML, the server in JSON
        assert any(c == 429 and b"nginx" in b for c, b, _ in answers), \
            f"12 logins at once: {codes}, none refused by nginx"
        print(f"a burst of 12 wrong logins: {codes}")
        # Both processes answered some (each logs its failed logins), and the account was
        # locked after 3 failures in all: the server's own 429 (JSON) among those nginx let
        # through. Per process, 5 logins split over two would never reach 3 in one.
        seen = []
        for log in logs:
            log.seek(0)
            seen.append(log.read().count("login failed"))
        assert all(n > 0 for n in seen), f"failed logins per process: {seen}, one got none"
        assert any(c == 429 and b"nginx" not in b for c, b, _ in answers), \
            f"12 logins: {codes}, the account was not locked across the processes {seen}"
        print(f"failed logins per process: {seen}; the account locked across both")

        # The access log never holds a token (nginx's default format logs no header).
        with open(os.path.join(tmp, "access.log")) as f:
            assert "Bearer" not in f.read(), "the access log holds a token"
    finally:
        for p in [nginx] + servers:
            if p and p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if pg and pg.poll() is None:
            # runuser's child is the postmaster: a fast shutdown (SIGINT) to it
            try:
                with open(os.path.join(tmp, "pg", "data", "postmaster.pid")) as f:
                    os.kill(int(f.readline()), signal.SIGINT)
                pg.wait(30)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pg.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print("1 passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
