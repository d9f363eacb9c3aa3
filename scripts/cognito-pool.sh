#!/usr/bin/env bash
# Usage: scripts/cognito-pool.sh MOTO_URL
#
# Creates, in the Cognito IdP served at MOTO_URL (moto; region us-east-1, dummy credentials):
#   - a user pool named "huu": plain usernames (we pass the email as the username), password
#     policy 8+ characters with upper case, lower case, a number and a symbol;
#   - an app client "huu-api" with a generated secret, the auth flows
#     ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH, and
#     read access to email, email_verified, given_name, family_name, name (so that moto puts
#     them into id tokens);
#   - the groups Admins, Hosts, Coordinators, Guests.
# Every call creates a new pool (moto keeps its state in memory; a fresh pool per caller keeps
# tests apart).
#
# stdout: the settings the service needs, KEY=VALUE one per line:
#   COGNITO_REGION, COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET,
#   COGNITO_ACCESS_ID, COGNITO_ACCESS_KEY, COGNITO_IDP_ENDPOINT_URL, COGNITO_ENDPOINT_URL,
#   COGNITO_REDIRECT_URI (http://localhost:8000/api/auth/callback unless COGNITO_REDIRECT_URI
#   is set in the environment).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/ensure.sh
. "$here/lib/ensure.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: cognito-pool.sh MOTO_URL"; fi
ensure_boto3

# Dummy credentials only: never pick up a real AWS profile or token from the environment.
env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
  AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
  HUU_REDIRECT_URI="${COGNITO_REDIRECT_URI:-http://localhost:8000/api/auth/callback}" \
  python3 - "${1%/}" <<'PY'
import os
import sys

import boto3

url = sys.argv[1]
region = "us-east-1"
redirect_uri = os.environ["HUU_REDIRECT_URI"]
idp = boto3.client(
    "cognito-idp",
    endpoint_url=url,
    region_name=region,
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)


def log(message):
    print(f"cognito-pool.sh: {message}", file=sys.stderr)


pool = idp.create_user_pool(
    PoolName="huu",
    Policies={
        "PasswordPolicy": {
            "MinimumLength": 8,
            "RequireUppercase": True,
            "RequireLowercase": True,
            "RequireNumbers": True,
            "RequireSymbols": True,
            "TemporaryPasswordValidityDays": 7,
        }
    },
)["UserPool"]
pool_id = pool["Id"]
log(f"created user pool huu: {pool_id}")

client = idp.create_user_pool_client(
    UserPoolId=pool_id,
    ClientName="huu-api",
    GenerateSecret=True,
    ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    ],
    # Real Cognito lets a client read every attribute when ReadAttributes is absent; moto puts
    # only the ReadAttributes into the id token, so name them (the service reads `email`).
    ReadAttributes=["email", "email_verified", "given_name", "family_name", "name"],
    WriteAttributes=["email", "given_name", "family_name", "name"],
    CallbackURLs=[redirect_uri],
    SupportedIdentityProviders=["COGNITO"],
)["UserPoolClient"]
log(f"created app client huu-api: {client['ClientId']}")

for group in ("Admins", "Hosts", "Coordinators", "Guests"):
    idp.create_group(GroupName=group, UserPoolId=pool_id)
log("created groups Admins, Hosts, Coordinators, Guests")

print(f"COGNITO_REGION={region}")
print(f"COGNITO_USER_POOL_ID={pool_id}")
print(f"COGNITO_CLIENT_ID={client['ClientId']}")
print(f"COGNITO_CLIENT_SECRET={client['ClientSecret']}")
print("COGNITO_ACCESS_ID=testing")
print("COGNITO_ACCESS_KEY=testing")
print(f"COGNITO_IDP_ENDPOINT_URL={url}")
print(f"COGNITO_ENDPOINT_URL={url}")
print(f"COGNITO_REDIRECT_URI={redirect_uri}")
PY
