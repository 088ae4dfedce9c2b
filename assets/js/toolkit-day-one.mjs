// Day 1's live parts (a small group's notes, the facilitator's matrix) are kept from being replaced
// under someone's focus or typing by toolkit-live.mjs, the one guard for all the toolkit's live parts.
// Pages load that module directly; this one stays for the pages that still name it.

import "./toolkit-live.mjs";
