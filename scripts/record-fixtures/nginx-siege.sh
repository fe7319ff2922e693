#!/usr/bin/env bash
# Records the nginx access-log fixtures: a real nginx (Debian package) on 127.0.0.1 hit by siege
# (a bounded number of requests), logging every request twice, in the default "combined" format
# and in "combined + $request_time". /api/reports is proxied to a small node upstream that answers
# after 40-150 ms, so latencies are not all zero. A few raw connections add the lines scanners and
# broken clients leave in real logs: a TLS handshake sent to the plain-HTTP port, a request line
# cut short, a blank line that times out, a non-ASCII path.
#
#   apt-get install -y nginx siege && scripts/record-fixtures/nginx-siege.sh
#
# Writes test/fixtures/traffic/nginx-combined.txt and nginx-timed.txt (not *.log: .gitignore).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/test/fixtures/traffic"
port=${PORT:-18080}
work=$(mktemp -d)
upstream_pid=''
trap 'kill "$(cat "$work/nginx.pid" 2>/dev/null)" $upstream_pid 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/html" "$work/logs"
echo '<!doctype html><title>shop</title><h1>shop</h1>' > "$work/html/index.html"
head -c 16384 /dev/zero | tr '\0' 'x' > "$work/html/catalog.txt"

# Upstream with deterministic delays: 40, 55, 70, ... 145 ms, round robin.
node -e "let n = 0; require('node:http').createServer((q, s) => setTimeout(() => s.end('{}'), 40 + 15 * (n++ % 8))).listen($((port + 1)), '127.0.0.1')" &
upstream_pid=$!
chmod -R a+rX "$work"

user_directive=''
[ "$(id -u)" = 0 ] && user_directive="user root;"
cat > "$work/nginx.conf" <<CONF
$user_directive
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.txt warn;
events { worker_connections 64; }
http {
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  log_format timed '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent "\$http_referer" "\$http_user_agent" \$request_time';
  access_log $work/logs/combined.txt combined;
  access_log $work/logs/timed.txt timed;
  client_header_timeout 1s;
  server {
    listen 127.0.0.1:$port;
    root $work/html;
    location = /api/users { default_type application/json; return 200 '{"users":[]}'; }
    location = /api/orders { return 500; }
    location /api/orders/ { default_type application/json; return 201 '{"id":1}'; }
    location /api/reports { proxy_pass http://127.0.0.1:$((port + 1)); }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

base="http://127.0.0.1:$port"
cat > "$work/urls.txt" <<URLS
$base/
$base/api/users
$base/api/users?page=2
$base/api/orders
$base/api/orders/ POST {"sku":"A-1","qty":2}
$base/missing
$base/catalog.txt
$base/api/reports/daily
URLS
# 4 users x 40 repetitions = 160 requests, spread over the url list.
siege --rc=/dev/null -q -b -c 4 -r 40 -f "$work/urls.txt" >/dev/null 2>&1 || true

# A TLS ClientHello to the plain-HTTP port (nginx logs it as a 400 with the bytes escaped) ...
printf '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03' | timeout 3 bash -c "cat > /dev/tcp/127.0.0.1/$port" || true
# ... a request line cut short by a client that hangs up ...
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GE' >&3; exec 3>&-" || true
# ... a blank line, then silence until client_header_timeout (nginx logs an empty request, 408) ...
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf '\r\n' >&3; sleep 2" || true
# ... and a request with a non-ASCII path, which nginx writes as \xHH escapes.
printf 'GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; cat >&3; cat <&3 >/dev/null" || true
sleep 0.5

kill -QUIT "$(cat "$work/nginx.pid")"
sleep 0.5
cp "$work/logs/combined.txt" "$out/nginx-combined.txt"
cp "$work/logs/timed.txt" "$out/nginx-timed.txt"
wc -l "$out/nginx-combined.txt" "$out/nginx-timed.txt"
# The gzip copy for the transparent-.gz test (-n: no name or time in the header, so it is reproducible).
gzip -9 -n -c "$out/nginx-timed.txt" > "$out/nginx-timed.txt.gz"
