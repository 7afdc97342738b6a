"""Pages through SnapEngage's Logs API the way its public Python client does.

GET https://<host>/api/v2/{orgId}/logs with the raw API token in Authorization, then GET each
linkToNextSetOfResults as given, re-sending the first call's params on top of it, until the link is empty.
Retries 429 and 5xx like that client (shortened waits). Prints one JSON line: pages, cases (id, widget, seconds).

usage: logs_client.py BASE_URL ORG_ID API_TOKEN START END [CA_FILE]
(CA_FILE: the CA to trust for an https BASE_URL, e.g. the mock's /_mock/tls/ca.pem)
"""
import json
import sys
import time

import requests


def main():
    base, org_id, token, start, end = sys.argv[1:6]
    session = requests.Session()
    session.trust_env = False  # talk to the mock directly, whatever proxy the environment names
    if len(sys.argv) > 6:
        session.verify = sys.argv[6]
    params = {"start": start, "end": end}
    url = f"{base}/api/v2/{org_id}/logs"
    pages, cases, links = 0, [], []
    while url:
        for attempt in range(5):
            resp = session.get(url, headers={"Authorization": token}, params=params, timeout=30)
            if resp.status_code == 429 or resp.status_code >= 500:
                time.sleep(0.05 * (attempt + 1))
                continue
            break
        if resp.status_code != 200:
            print(json.dumps({"status": resp.status_code, "body": resp.json()}))
            return 1
        data = resp.json()
        pages += 1
        for case in data["cases"]:
            # The public clients read created_at_date as epoch milliseconds and divide it by 1000.
            cases.append({"id": case["id"], "widget_id": case["widget_id"], "seconds": case["created_at_date"] / 1000})
        url = data.get("linkToNextSetOfResults")
        links.append(url)
    print(json.dumps({"pages": pages, "cases": cases, "links": links}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
