"""A mobile app's chat, calling SnapEngage the way its own mobile samples do, with requests.

1. GET /public/api/v2/chat/{widgetId} (no key): the flags are strings, compared with "true".
2. POST /api/v1/chat with every parameter in the query string, Content-Type application/x-www-form-urlencoded and no
   body, the API key in x-api-key: the answer names the caseId.
3. GET /api/v1/chat/poll/{caseId}?index=N&isTyping=false every POLL_SECONDS, N being the last index seen plus one,
   until an agent has greeted.
4. PUT /api/v1/chat?caseId=...&messageType=1&messageBody=... (same Content-Type, no body), then polls until an agent
   answers it.
5. PUT /api/v1/chat?caseId=...&messageType=2: the chat ends.

Prints one JSON line: the flags, the caseId, every line polled, the indexes asked for, whether the agent was shown
typing right after the visitor's line, and the answers to the two PUTs.

usage: mobile_app.py BASE_URL WIDGET_ID API_KEY
"""
import json
import sys
import time

import requests

POLL_SECONDS = 0.2
# A bound on each wait for the agent, so a mock that never answers fails the run instead of hanging it.
DEADLINE_SECONDS = 30
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
QUESTION = "How much is the price?"


def main():
    base, widget_id, api_key = sys.argv[1:4]
    session = requests.Session()
    session.trust_env = False  # talk to the mock directly, whatever proxy the environment names
    keyed = {"x-api-key": api_key}
    out = {"polls": [], "lines": []}

    availability = session.get(f"{base}/public/api/v2/chat/{widget_id}", timeout=10)
    availability.raise_for_status()
    flags = availability.json()["data"]
    out["flags"] = {name: flags[name] == "true" for name in ("online", "emailRequired", "messageRequired", "screenshotRequired")}
    if not out["flags"]["online"]:
        print(json.dumps(out))
        return 1

    params = {
        "widgetId": widget_id,
        "email": "visitor@example.com",
        "phone": "+1 555 0100",
        "userAgent": "DemoApp/2.3 (Android 14)",
        "locale": "en-US",
        "isOffline": "false",
        "appVersionName": "2.3.0",
        "visitorMessage": "Hello from the app",
    }
    started = session.post(f"{base}/api/v1/chat", params=params, headers={**keyed, **FORM}, timeout=10)
    started.raise_for_status()
    case_id = started.json()["caseId"]
    out["caseId"] = case_id

    state = {"last": -1}

    def poll():
        index = state["last"] + 1
        resp = session.get(f"{base}/api/v1/chat/poll/{case_id}", params={"index": index, "isTyping": "false"}, headers=keyed, timeout=10)
        resp.raise_for_status()
        body = resp.json()
        out["polls"].append(index)
        out["lines"].extend(body["messageList"])
        if body["messageList"]:
            state["last"] = body["messageList"][-1]["index"]
        return body

    def agent_lines():
        return sum(1 for line in out["lines"] if line["type"] == "agent")

    def until_agent_speaks(what, before):
        deadline = time.monotonic() + DEADLINE_SECONDS
        while agent_lines() == before:
            if time.monotonic() > deadline:
                out["error"] = f"no {what} within {DEADLINE_SECONDS} s"
                print(json.dumps(out))
                sys.exit(1)
            time.sleep(POLL_SECONDS)
            poll()

    until_agent_speaks("greeting", 0)
    before = agent_lines()
    sent = session.put(f"{base}/api/v1/chat", params={"caseId": case_id, "messageType": 1, "messageBody": QUESTION}, headers={**keyed, **FORM}, timeout=10)
    sent.raise_for_status()
    out["sent"] = sent.json()
    out["typingAfterSend"] = poll()["agentTyping"]
    until_agent_speaks("answer", before)

    closed = session.put(f"{base}/api/v1/chat", params={"caseId": case_id, "messageType": 2}, headers={**keyed, **FORM}, timeout=10)
    closed.raise_for_status()
    out["closed"] = closed.json()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
