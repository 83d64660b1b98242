"""CPU of repair() with and without Config.wide_alternatives on 100 spun (MyThes 0.3, seed 7) and 100 clean
articles (corpus articles 300-399), each setting twice, alternated:

    TEXTMEND_CORPUS=.../news-dev.jsonl python benchmarks/wide_alternatives_cost.py
"""
import sys, time
sys.path.insert(0, ".")
import textmend
from benchmarks.corpus import load_corpus
from benchmarks.spinner import default_spinner
docs = load_corpus(400)[300:400]
spinner = default_spinner("mythes")
spun = [spinner.spin(d.text, 0.3, seed=7, key=d.id).text for d in docs]
clean = [d.text for d in docs]
textmend.repair(clean[0])
for name, texts in (("spun", spun), ("clean", clean)):
    for wide in (True, False, True, False):
        t0 = time.process_time()
        for t in texts:
            textmend.repair(t, wide_alternatives=wide)
        print(name, "wide" if wide else "narrow", round(time.process_time() - t0, 2), flush=True)
