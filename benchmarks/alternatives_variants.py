"""Ways to widen the alternatives, offline: the decision at limit 12, the alternatives from every candidate.

    python benchmarks/alternatives_variants.py aiksaurus
    python benchmarks/alternatives_variants.py mythes mythes      # the channel without MyThes
    python benchmarks/alternatives_variants.py function-words

The first 60 fit-split articles spun at rate 0.3 (``benchmarks/coverage_breakdown.py``'s
``observed``, every candidate scored, cached in ``benchmarks/.cache/``), decided on each span's 12
best candidates (``_kept``), then each finding's alternatives re-made as the variant says: its
first ``ndec`` alternatives of the decision, then the other candidates by log10 weight (channel x
``scale``, tempered counts or not, plus the decision's LM, document and unknown-word terms).
Prints the share of gold swaps whose original is among a finding's alternatives at any confidence
(``benchmarks.quality.proposed_originals``). ``textmend.alternatives`` ships "V2 tempered"
(``benchmarks/COVERAGE.md``, "Alternatives from every candidate").
"""
import sys, pickle, os
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / "src"))
from benchmarks.coverage_breakdown import observed, _kept
from benchmarks.quality import proposed_originals
from benchmarks.worker import exclude_sources
import importlib
detect = importlib.import_module("textmend.detect")
from textmend import channel as chmod
from textmend.parameters import get_parameters
from textmend.language_model import get_language_model

spinner = sys.argv[1]; excl = sys.argv[2:] 
if excl: exclude_sources(frozenset(excl))
(ROOT / "benchmarks" / ".cache").mkdir(exist_ok=True)
path = ROOT / "benchmarks" / ".cache" / f"alternatives_{spinner}_{'-'.join(excl)}.pickle"
if os.path.exists(path):
    data = pickle.load(open(path, "rb"))
else:
    data = observed(spinner, 60, 0.3)
    pickle.dump(data, open(path, "wb"))
params = get_parameters()
shift = params.unknown - get_language_model().unknown_log10
orig_exp = chmod.exponents
chmod.exponents = lambda: {"moby": 0.5, "roget": 0.5, "mythes": 0.75, "wordnet": 0.75}
tch = chmod.Channel(chmod.DEFAULT_PACKS, frozenset(excl))
chmod.exponents = orig_exp

class F:
    def __init__(s, f, alts): s.start, s.end, s.replacement, s.alternatives = f.start, f.end, f.replacement, alts

def wide_rank(o, scale, tempered):
    tw = tch.weights(o.key) if tempered else None
    out = []
    for j, e in enumerate(o.entries):
        w = tw.get(e.original, e.weight) if tempered else e.weight
        lw = scale * w + params.lm_context * (o.lm[j] - o.prior[j]) + params.lm_prior * o.prior[j] + o.unknown[j] * shift \
             + (params.document if o.in_document[j] else 0.0)
        out.append((lw, j))
    out.sort(key=lambda t: -t[0])
    return [o.entries[j].original for _, j in out]

variants = {"base": None, "V1 beta1": (1.0, False, 1), "V2 tempered": (1.0, True, 1), "V3 ch*0.5": (0.5, False, 1),
            "V4 2dec+beta1": (1.0, False, 2), "V5 2dec+tempered": (1.0, True, 2), "V6 ch*0.5 temp": (0.5, True, 1),
            "V7 ch*0.75": (0.75, False, 1)}
hits = {k: 0 for k in variants}; gold = 0
for spun, obs0, scored in data:
    kept = [_kept(o, 12) for o in scored]
    regions = obs0.regions
    obs = detect.observations([(o, detect._negligible(o)) for o in kept], len(regions), [r[0] for r in regions],
                              [r[1] for r in regions], obs0.users, obs0.word_count)
    findings = detect.decide(obs, params, 0.0).findings
    byspan = {(o.start, o.end): o for o in scored}
    gold += len(spun.subs)
    for name, v in variants.items():
        if v is None:
            fs = findings
        else:
            scale, temp, ndec = v
            fs = []
            for f in findings:
                o = byspan.get((f.start, f.end))
                alts = [a for a, _ in f.alternatives[:ndec]]
                if o is not None and o.entries:
                    for c in wide_rank(o, scale, temp):
                        if len(alts) >= 3: break
                        if c not in alts: alts.append(c)
                fs.append(F(f, tuple((a, 0.0) for a in alts)))
        hits[name] += sum(proposed_originals(spun, fs))
for k, v in hits.items():
    print(f"{spinner} {excl} {k}: {v / gold:.3f}", flush=True)
