#!/usr/bin/env bash
# Deploys the static site to S3 and invalidates CloudFront.
set -euo pipefail

export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIA5PLUCN465QWYAMO7
export AWS_SECRET_ACCESS_KEY=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

npm run build
aws s3 sync dist/ s3://acme-corp-www/ --delete --cache-control max-age=300
aws cloudfront create-invalidation --distribution-id E2AZ2CBKZBMMT5 --paths '/*'
