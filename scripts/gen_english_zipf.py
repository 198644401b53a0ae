#!/usr/bin/env python3
"""Regenerate data/english_zipf.tsv: the 30,000 most frequent English words with their
Zipf frequency, from the `wordfreq` package (pip install wordfreq==3.1.1).
Data: wordfreq (Robyn Speer), CC-BY-SA 4.0. copydesk uses it as background term
rarity for the off-topic-paragraph rule (common words weigh little)."""
import re
from wordfreq import top_n_list, zipf_frequency

out = [f"{w}\t{zipf_frequency(w, 'en'):.2f}" for w in top_n_list("en", 30000) if re.fullmatch(r"[a-z][a-z'-]*", w)]
with open("data/english_zipf.tsv", "w") as f:
    f.write("\n".join(out) + "\n")
