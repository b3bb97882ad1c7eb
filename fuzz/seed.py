"""Seed corpus for `cargo fuzz run parse`: every shared fixture, prefixed
with the byte of the format it reads as (by its folder; feeds by suffix)."""
import os, sys
root, out = sys.argv[1], sys.argv[2]
index = {  # position in FORMATS of fuzz_targets/parse.rs
    "statuspage": 1, "incidentio": 3, "instatus": 4, "betterstack": 5, "statusio": 6,
    "cachet": 7, "cstate": 8, "heroku": 9, "slack": 10, "gcp": 11, "apple": 12, "aws": 13,
    "statuspal": 15, "uptimerobot": 16, "uptimekuma": 17, "riot": 18, "xbox": 19,
    "microsoft": 20, "nintendo": 21, "uptimecom": 22, "pagerduty": 23, "salesforce": 24,
    "site24x7-statusiq": 14,
}
os.makedirs(out, exist_ok=True)
for folder, _, files in os.walk(root):
    kind = os.path.basename(folder)
    for name in files:
        if kind not in index:
            continue
        pick = index[kind]
        if name.endswith((".rss", ".atom", ".xml")) and kind not in ("xbox",):
            pick = 14
        if kind == "aws" and name.endswith(".json"):
            pick = 13
        data = open(os.path.join(folder, name), "rb").read()
        open(os.path.join(out, f"{kind}-{name}"), "wb").write(bytes([pick]) + data)
