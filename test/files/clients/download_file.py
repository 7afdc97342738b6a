"""Downloads an uploaded file as a receiving system would: https, ?orgId=, the raw API token in Authorization.

Prints one JSON line: status, sha256 of the body, content type, and the JSON error body when not 200.

usage: download_file.py LINK ORG_ID API_TOKEN CA_FILE
"""
import hashlib
import json
import sys

import requests


def main():
    link, org_id, token, ca_file = sys.argv[1:5]
    session = requests.Session()
    session.trust_env = False  # talk to the mock directly, whatever proxy the environment names
    resp = session.get(link, params={"orgId": org_id}, headers={"Authorization": token}, verify=ca_file, timeout=30)
    out = {"status": resp.status_code, "sha256": hashlib.sha256(resp.content).hexdigest(), "contentType": resp.headers.get("Content-Type")}
    if resp.status_code != 200:
        out["body"] = resp.json()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
