#!/usr/bin/env bash
set -euo pipefail
# deploy the marketing site to heroku
export HEROKU_API_KEY=6dcf9116-56e3-4cf5-86a8-3b7f9f2c91b4
heroku container:login
heroku container:push web --app acme-marketing
heroku container:release web --app acme-marketing
