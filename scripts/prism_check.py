#!/usr/bin/env python3
"""Sends every operation of both contracts, a success and a documented error each, with the Accept
headers real clients send, through Stoplight Prism validating proxies, and counts the violations
Prism reports (its sl-violations header). Started by scripts/prism_check.sh, which runs the platform
(manual clock) and the proxies: ORDER and CALLBACK proxies forward to /v1, the *_ROOT ones to the
root, where the probes live."""
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

ORDER, CALLBACK = os.environ["PRISM_ORDER"], os.environ["PRISM_CALLBACK"]
ORDER_ROOT, CALLBACK_ROOT = os.environ["PRISM_ORDER_ROOT"], os.environ["PRISM_CALLBACK_ROOT"]
DIRECT_ORDER = os.environ["DIRECT_ORDER"]
ACCEPTS = [None, "*/*", "application/json", "application/problem+json", "application/json, text/plain, */*",
           "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "text/html"]
BAD_TRACE = "not a trace id!"


def call(base, method, path, body=None, content_type="application/json", accept=None, headers=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if accept is not None:
        request.add_header("Accept", accept)
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def new_order():
    status, _, body = call(DIRECT_ORDER, "POST", "/v1/order", {"productCode": "SKU-BOOK-001", "quantity": 1, "amount": "1.00",
                                                                "currency": "EUR"})
    assert status == 201, status
    return json.loads(body)["reference"]


def new_fault():
    status, _, body = call(CALLBACK, "POST", "/admin/faults", {"reference": str(uuid.uuid4()), "action": "DROP", "count": 1})
    return json.loads(body)["id"]


def delivered_event():
    reference = new_order()
    call(DIRECT_ORDER, "POST", "/v1/admin/clock/advance", {"duration": "PT10M"})
    for _ in range(50):
        _, _, body = call(DIRECT_ORDER, "GET", f"/v1/admin/callbacks?reference={reference}&status=DELIVERED")
        events = json.loads(body)["events"]
        if events:
            return events[0]["eventId"]
        time.sleep(0.2)
    raise SystemExit("no callback was delivered")


def clock_now():
    _, _, body = call(DIRECT_ORDER, "GET", "/v1/admin/clock")
    return json.loads(body)["now"]


def signed_callback(valid, mismatched=False):
    """A callback body the platform itself sends to its own receiver, as a fresh event: a new event id, which is its webhook-id."""
    import base64, hashlib, hmac
    reference = new_order()
    call(DIRECT_ORDER, "POST", "/v1/admin/clock/advance", {"duration": "PT10M"})
    _, _, journal = call(DIRECT_ORDER, "GET", f"/v1/admin/callbacks?reference={reference}")
    event = json.loads(journal)["events"][0]
    order = json.loads(call(DIRECT_ORDER, "GET", f"/v1/order?reference={reference}")[2])
    order.pop("callback", None)  # the snapshot in a callback is the order without its delivery state
    webhook_id = str(uuid.uuid4())
    body = json.dumps({"eventId": webhook_id, "type": event["type"], "reference": reference, "sequence": event["sequence"],
                       "status": event["orderStatus"], "occurredAt": event["createdAt"], "order": order},
                      separators=(",", ":"), ensure_ascii=False).encode()  # compact, as Prism forwards a JSON body re-serialized
    from datetime import datetime
    ts = str(int(datetime.fromisoformat(clock_now().replace("Z", "+00:00")).timestamp()))
    secret = base64.b64decode(os.environ["WEBHOOK_SECRET"].removeprefix("whsec_"))
    if mismatched:  # signed, but under a webhook-id other than the event's: refused with 400
        webhook_id = str(uuid.uuid4())
    mac = base64.b64encode(hmac.new(secret, f"{webhook_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
    return body, {"webhook-id": webhook_id, "webhook-timestamp": ts, "webhook-signature": "v1," + (mac if valid else "AAAA")}


# (operation, proxy, method, path or path factory, body factory, expected status)
EXCHANGES = [
    ("createOrder", ORDER, "POST", lambda: "/order", lambda: {"productCode": "SKU-BOOK-001", "quantity": 1, "amount": "1.00", "currency": "EUR"}, 201),
    ("createOrder", ORDER, "POST", lambda: "/order", lambda: {"quantity": 0}, 400),
    ("getOrder", ORDER, "GET", lambda: f"/order?reference={new_order()}", None, 200),
    ("getOrder", ORDER, "GET", lambda: f"/order?reference={uuid.uuid4()}", None, 404),
    ("listCallbacks", ORDER, "GET", lambda: "/admin/callbacks?status=DELIVERED", None, 200),
    ("listCallbacks", ORDER, "GET", lambda: "/admin/callbacks?reference=not-a-uuid", None, 400),
    ("listOrders", ORDER, "GET", lambda: "/admin/orders?status=COMPLETED&limit=5", None, 200),
    ("listOrders", ORDER, "GET", lambda: "/admin/orders?cursor=bm90LWEtY3Vyc29y", None, 400),
    ("getSummary", ORDER, "GET", lambda: "/admin/summary", None, 200),
    ("getSummary", ORDER, "GET", lambda: "/admin/summary", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("redeliverCallback", ORDER, "POST", lambda: f"/admin/callbacks/{delivered_event()}/redeliver", None, 202),
    ("redeliverCallback", ORDER, "POST", lambda: f"/admin/callbacks/{uuid.uuid4()}/redeliver", None, 404),
    ("transitionOrder", ORDER, "POST", lambda: f"/admin/orders/{new_order()}/transition", lambda: {"to": "CANCELLED"}, 200),
    ("transitionOrder", ORDER, "POST", lambda: f"/admin/orders/{uuid.uuid4()}/transition", lambda: {"to": "CANCELLED"}, 404),
    ("setProductStatus", ORDER, "PUT", lambda: (call(DIRECT_ORDER, "PUT", "/v1/admin/products/SKU-MUG-005/status", {"status": "OUT_OF_STOCK"}),
                                                "/admin/products/SKU-MUG-005/status")[1], lambda: {"status": "ACTIVE"}, 200),
    ("setProductStatus", ORDER, "PUT", lambda: "/admin/products/SKU-NONE-999/status", lambda: {"status": "ACTIVE"}, 404),
    ("resetOrders", ORDER, "POST", lambda: "/admin/reset", None, 200),
    ("resetOrders", ORDER, "POST", lambda: "/admin/reset", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("listScenarios", ORDER, "GET", lambda: "/admin/scenarios", None, 200),
    ("listScenarios", ORDER, "GET", lambda: "/admin/scenarios", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("putScenario", ORDER, "PUT", lambda: f"/admin/scenarios/prism-{uuid.uuid4().hex[:8]}", lambda: {"steps": [{"to": "REJECTED"}]}, 201),
    ("putScenario", ORDER, "PUT", lambda: "/admin/scenarios/prism-bad", lambda: {"steps": [{"to": "COMPLETED"}]}, 400),
    ("getClock", ORDER, "GET", lambda: "/admin/clock", None, 200),
    ("getClock", ORDER, "GET", lambda: "/admin/clock", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("setClock", ORDER, "PUT", lambda: "/admin/clock", lambda: {"now": clock_now()}, 200),
    ("setClock", ORDER, "PUT", lambda: "/admin/clock", lambda: {"now": "2000-01-01T00:00:00Z"}, 409),
    ("advanceClock", ORDER, "POST", lambda: "/admin/clock/advance", lambda: {"duration": "PT1S"}, 200),
    ("advanceClock", ORDER, "POST", lambda: "/admin/clock/advance", lambda: {"duration": "1 s"}, 400),
    ("getLiveness", ORDER_ROOT, "GET", lambda: "/health/live", None, 200),
    ("getLiveness", ORDER_ROOT, "GET", lambda: "/health/live", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("getReadiness", ORDER_ROOT, "GET", lambda: "/health/ready", None, 200),
    ("getReadiness", ORDER_ROOT, "GET", lambda: "/health/ready", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("getMetrics", ORDER_ROOT, "GET", lambda: "/metrics", None, 200),
    ("getMetrics", ORDER_ROOT, "GET", lambda: "/metrics", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("receiveCallback", CALLBACK, "POST", lambda: "/callback", lambda: signed_callback(True), 200),
    ("receiveCallback", CALLBACK, "POST", lambda: "/callback", lambda: signed_callback(False), 401),
    ("receiveCallback", CALLBACK, "POST", lambda: "/callback", lambda: signed_callback(True, mismatched=True), 400),
    ("checkCallbacks", CALLBACK, "GET", lambda: f"/check?reference={uuid.uuid4()}", None, 200),
    ("checkCallbacks", CALLBACK, "GET", lambda: "/check?reference=not-a-uuid", None, 400),
    ("listFaults", CALLBACK, "GET", lambda: "/admin/faults", None, 200),
    ("listFaults", CALLBACK, "GET", lambda: "/admin/faults", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("addFault", CALLBACK, "POST", lambda: "/admin/faults", lambda: {"reference": str(uuid.uuid4()), "action": "DROP", "count": 1}, 201),
    ("addFault", CALLBACK, "POST", lambda: "/admin/faults", lambda: {"action": "FAIL", "count": 1}, 400),
    ("clearFaults", CALLBACK, "DELETE", lambda: "/admin/faults", None, 204),
    ("clearFaults", CALLBACK, "DELETE", lambda: "/admin/faults", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("removeFault", CALLBACK, "DELETE", lambda: f"/admin/faults/{new_fault()}", None, 204),
    ("removeFault", CALLBACK, "DELETE", lambda: f"/admin/faults/{uuid.uuid4()}", None, 404),
    ("resetReceiver", CALLBACK, "POST", lambda: "/admin/reset", None, 204),
    ("resetReceiver", CALLBACK, "POST", lambda: "/admin/reset", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("getLiveness", CALLBACK_ROOT, "GET", lambda: "/health/live", None, 200),
    ("getLiveness", CALLBACK_ROOT, "GET", lambda: "/health/live", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("getReadiness", CALLBACK_ROOT, "GET", lambda: "/health/ready", None, 200),
    ("getReadiness", CALLBACK_ROOT, "GET", lambda: "/health/ready", None, 400, {"X-Trace-Id": BAD_TRACE}),
    ("getMetrics", CALLBACK_ROOT, "GET", lambda: "/metrics", None, 200),
    ("getMetrics", CALLBACK_ROOT, "GET", lambda: "/metrics", None, 400, {"X-Trace-Id": BAD_TRACE}),
]
BODILESS = {"clearFaults", "removeFault", "resetReceiver"}
# Operations that answer text (the metrics), not JSON.
TEXT_ONLY = {"getMetrics"}


# Requests that break the contract on purpose: Prism rightly reports the request; only the answer must be clean.
INVALID_REQUESTS = {("createOrder", 400), ("listCallbacks", 400), ("advanceClock", 400), ("checkCallbacks", 400), ("addFault", 400),
                    ("putScenario", 400)}


def main():
    exchanges = violations = wrong = 0
    for entry in EXCHANGES:
        operation, proxy, method, path_of, body_of, expected = entry[:6]
        headers = dict(entry[6]) if len(entry) > 6 else {}
        invalid_request = (operation, expected) in INVALID_REQUESTS or headers.get("X-Trace-Id") == BAD_TRACE
        for accept in ACCEPTS:
            path = path_of()
            body = body_of() if body_of else None
            if isinstance(body, tuple):
                body, extra = body
                headers.update(extra)
            # With an Accept that allows nothing, a success with a body is a documented 406.
            # An error may be answered as 406 too: negotiation comes before the operation runs.
            want = {expected} if accept != "text/html" or operation in BODILESS else {406} if expected < 300 else {expected, 406}
            if operation in TEXT_ONLY and accept == "application/json":
                want = {406}  # it answers text only: a client that accepts JSON alone is told so, before anything else
            status, response_headers, _ = call(proxy, method, path, body, accept=accept, headers=headers)
            exchanges += 1
            found = [v for v in json.loads(response_headers.get("sl-violations") or "[]")
                     if not (invalid_request and v["location"][0] == "request")]
            if found:
                violations += len(found)
                print(f"VIOLATION {operation} {method} {path} Accept={accept!r} -> {status}: {json.dumps(found)}")
            if status not in want:
                wrong += 1
                print(f"UNEXPECTED {operation} {method} {path} Accept={accept!r} -> {status}, expected {want}")
    operations = len({(e[0], e[1] in (ORDER, ORDER_ROOT)) for e in EXCHANGES})
    print(f"prism_check: {exchanges} exchanges over {operations} operations, {violations} violations, {wrong} unexpected statuses")
    return 1 if violations or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
