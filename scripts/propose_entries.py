#!/usr/bin/env python3
"""Bootstrap the generated wordlist sources from wordfreq and WordNet 3.0.

Writes (overwriting) three human-editable files in ``wordlists/``::

    news.generated.tsv     the most frequent English content words, each with the
                           single-word synonyms of its first WordNet sense(s): what a
                           sense-blind thesaurus spinner swaps in
    science.generated.tsv  multi-word scientific and technical terms (WordNet topic
                           domains + wordlists/science_terms.txt), each spun by swapping
                           one word for a first-sense WordNet synonym
    idioms.generated.txt   WordNet multi-word lemmas of 2-4 common words whose bigrams
                           are attested in symspellpy's bigram list (they mark the
                           tokens of frequent collocations, whose generated spins
                           get the risk note 'risky')

The output is deterministic. It is a starting point for people to edit: curated entries in
``news.tsv`` / ``science.tsv`` override generated ones, and ``drop`` lines there remove
single generated pairs, so prefer curating there over editing the generated files (a rerun
overwrites them).

Usage: python scripts/propose_entries.py [--news N]
Needs the ``build`` extra and /usr/share/wordnet (Debian ``wordnet-base``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wordlists as wl  # noqa: E402

WN = wl.WORDNET_DIR
WN_POS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "s": "ADJ", "r": "ADV"}
POS_FILES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}

# Function words, auxiliaries, number words and other words a content-word spin table
# must not hold (WordNet lists many of them as nouns: "will", "may", "one", "us").
STOP = set("""
a about above across after again against ago all almost along already also although always
am among an and another any anybody anyone anything anyway anywhere are around as at away
back be became because become been before behind being below beside besides between beyond
both but by can cannot could did do does doing done down during each either else enough even
ever every everybody everyone everything everywhere few for from further had has have having
he her here hers herself him himself his how however i if in indeed instead into is it its
itself just least less like likely many may maybe me might mine more moreover most mostly much
must my myself neither never nevertheless next no nobody none nor not nothing now nowhere of
off often on once one ones only onto or other others otherwise our ours ourselves out over own
per perhaps please quite rather really same several shall she should since so some somebody
someone something sometimes somewhere soon still such than that the their theirs them
themselves then there therefore these they this those though through throughout thus to
together too toward towards under unless until up upon us very via was we well were what
whatever when whenever where whereas wherever whether which while who whoever whole whom whose
why will with within without would yet you your yours yourself yourselves
zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred thousand million billion trillion first second third half dozen
mr mrs ms dr st yes yeah ok okay oh hey hi hello lol um uh
get got gets getting go goes going gone went make makes made making let lets say says said
saying thing things way ways lot lots kind sort bit
monday tuesday wednesday thursday friday saturday sunday january february march april june
july august september october november december
""".split())

SCIENCE_DOMAINS = """
computer_science computing physics chemistry biology medicine mathematics statistics genetics
biochemistry astronomy geology electronics engineering linguistics psychology pathology
anatomy neurology immunology ecology meteorology optics electricity telecommunication
molecular_biology microbiology physiology pharmacology geometry algebra calculus
logic economics cryptography artificial_intelligence programming oncology cardiology
thermodynamics mechanics nuclear_physics quantum_physics electromagnetism acoustics
botany zoology paleontology oceanography seismology hydrology crystallography metallurgy
surgery dentistry psychiatry neuroscience endocrinology virology bacteriology epidemiology
computer_programming information_science telephony radio television photography
architecture aeronautics agriculture
""".split()


# ----------------------------------------------------------------------------- WordNet


class WordNet:
    """Just enough of the WordNet 3.0 database files."""

    def __init__(self, root: Path = WN):
        self.root = root
        self.index: dict[str, dict[str, list[str]]] = {}  # upos -> lemma -> offsets
        self.tagcount: dict[str, dict[str, int]] = {}  # upos -> lemma -> tagsense_cnt
        self.synsets: dict[tuple[str, str], dict] = {}  # (file pos, offset) -> synset
        for upos, fname in POS_FILES.items():
            idx, tags = {}, {}
            for line in (root / f"index.{fname}").read_text(encoding="latin-1").splitlines():
                if line.startswith(" "):
                    continue
                f = line.split()
                lemma, p_cnt = f[0], int(f[3])
                rest = f[4 + p_cnt:]
                tags[lemma] = int(rest[1])
                idx[lemma] = rest[2:]
            self.index[upos], self.tagcount[upos] = idx, tags
            for line in (root / f"data.{fname}").read_text(encoding="latin-1").splitlines():
                if line.startswith(" "):
                    continue
                self.synsets[(upos, line[:8])] = _parse_synset(line)

    def senses(self, lemma: str, upos: str) -> list[dict]:
        return [self.synsets[(upos, off)] for off in self.index[upos].get(lemma, [])]


def _parse_synset(line: str) -> dict:
    data = line.split("|", 1)[0].split()
    w_cnt = int(data[3], 16)
    words = []
    for i in range(w_cnt):
        w = re.sub(r"\(.*\)$", "", data[4 + 2 * i])
        words.append(w)
    pos = 4 + 2 * w_cnt
    p_cnt = int(data[pos])
    ptrs = []
    for j in range(p_cnt):
        sym, off, ppos = data[pos + 1 + 4 * j: pos + 4 + 4 * j]
        ptrs.append((sym, off, ppos))
    return {"offset": data[0], "type": data[2], "words": words, "ptrs": ptrs}


# ----------------------------------------------------------------------------- helpers


def plain(word: str) -> str | None:
    """WordNet lemma -> phrase if it is lower case letters (and hyphens), else None."""
    if word != word.lower():
        return None
    phrase = word.replace("_", " ")
    if not re.fullmatch(r"[a-z]+(?:[-'][a-z]+)*(?: [a-z]+(?:[-'][a-z]+)*)*", phrase):
        return None
    return phrase


def same_stem(a: str, b: str) -> bool:
    """Derivations and spelling variants are not synonyms a spinner swaps in."""
    n = min(len(a), len(b), 5)
    if a[:n] == b[:n] or a in b or b in a:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    return False


class Ctx:
    def __init__(self):
        from wordfreq import top_n_list

        self.wn = WordNet()
        self.freq = wl.Frequencies()
        self.infl = wl.Inflector()
        self.top = top_n_list("en", 30000)
        self.rank = {w: i for i, w in enumerate(self.top)}
        idioms, _ = wl.parse_idioms(wl.WORDLISTS / "idioms.txt")
        self.curated_idioms = {p for p, _ in idioms}
        # curated single-word spins (news.tsv, general.tsv): original -> spun forms
        self.curated_subs: dict[str, list[str]] = defaultdict(list)
        for fname in ("news.tsv", "general.tsv"):
            es, _ = wl.parse_entries(wl.WORDLISTS / fname, "x", True)
            for e in es:
                if e.risk != "drop" and " " not in e.original:
                    self.curated_subs[e.original].append(e.spun)

    def z(self, phrase: str) -> float:
        return min(self.freq.word(t) for t in phrase.split())


# ----------------------------------------------------------------------------- idioms


def propose_idioms(ctx: Ctx) -> list[str]:
    out = set()
    for upos in POS_FILES:
        for lemma in ctx.wn.index[upos]:
            if "_" not in lemma:
                continue
            offs = ctx.wn.index[upos][lemma]
            words = {w.lower(): w for off in offs for w in ctx.wn.synsets[(upos, off)]["words"]}
            written = words.get(lemma)
            if written is None or plain(written) is None:
                continue  # proper names and odd strings
            phrase = plain(written)
            toks = phrase.split()
            if not 2 <= len(toks) <= 4 or any(ctx.freq.word(t) < 3.0 for t in toks):
                continue
            if all(f"{a} {b}" in ctx.freq.bigrams for a, b in zip(toks, toks[1:])):
                out.add(phrase)
    return sorted(out)


# ----------------------------------------------------------------------------- news


def content_pos(ctx: Ctx, word: str) -> tuple[str, str] | None:
    """(lemma, UPOS) of a frequent word by its most-tagged WordNet reading."""
    best = None
    for upos in POS_FILES:
        lemmas = ctx.infl._lm.getLemma(word, upos=upos, lemmatize_oov=False) or ()
        for lemma in list(lemmas) + [word]:
            if lemma in ctx.wn.index[upos]:
                score = ctx.wn.tagcount[upos].get(lemma, 0) + (1 if lemma == word else 0)
                if best is None or score > best[0]:
                    best = (score, lemma, upos)
                break
    return (best[1], best[2]) if best else None


def synonyms(ctx: Ctx, lemma: str, upos: str, senses: int = 1) -> list[str]:
    out: list[str] = []
    for syn in ctx.wn.senses(lemma, upos)[:senses]:
        words = list(syn["words"])
        if upos == "ADJ" and syn["type"] == "s":
            for sym, off, ppos in syn["ptrs"]:
                if sym == "&":
                    words += ctx.wn.synsets[("ADJ", off)]["words"]
        for w in words:
            p = plain(w)
            if p is None or p == lemma or len(p.split()) > 2 or same_stem(p, lemma):
                continue
            if p not in out:
                out.append(p)
    return out


def british_variant(word: str, zipf) -> bool:
    """'organise', 'colour', 'centre', 'catalogue': legitimate in British news, never evidence."""
    for a, b in (("is", "iz"), ("our", "or"), ("tre", "ter"), ("ogue", "og"), ("yse", "yze"),
                 ("ence", "ense"), ("ll", "l"), ("enq", "inq"), ("ae", "e"), ("oe", "e")):
        if a in word and zipf(word.replace(a, b, 1)) > 0 and word.replace(a, b, 1) != word:
            return True
    return False


def risk_of(ctx: Ctx, original: str, spun: str, idiom_tokens: set[str]) -> str:
    """Generated pairs are unreviewed: they are never 'strong', only 'medium' or 'risky'."""
    zs, zo = ctx.z(spun), ctx.z(original)
    rank = ctx.rank.get(spun, 10**6)
    if zs >= 4.0 or rank < 5000 or spun in idiom_tokens:
        return "risky"
    if any(british_variant(t, ctx.freq.word) for t in spun.split()):
        return "risky"
    if zs <= 3.3 and zo - zs >= 1.0:
        return "medium"
    return "risky"


def propose_news(ctx: Ctx, n_words: int, curated: set[str], idioms: list[str]) -> list[tuple]:
    idiom_tokens = set()
    for p in set(idioms) | ctx.curated_idioms:
        toks = p.split()
        # a spun form that is a word of a frequent collocation is legitimate there
        if all(f"{a} {b}" in ctx.freq.bigrams and ctx.freq.bigrams[f"{a} {b}"] >= 8.0
               for a, b in zip(toks, toks[1:])):
            idiom_tokens.update(toks)
    lemmas: list[tuple[str, str]] = []
    seen = set()
    for word in ctx.top:
        if len(lemmas) >= n_words:
            break
        if word in STOP or not re.fullmatch(r"[a-z]{3,}", word):
            continue
        cp = content_pos(ctx, word)
        if cp is None or cp[0] in STOP or cp in seen:
            continue
        seen.add(cp)
        lemmas.append(cp)
    pairs: dict[tuple[str, str], tuple] = {}
    for lemma, upos in lemmas:
        if lemma in curated:
            continue
        subs = synonyms(ctx, lemma, upos, 1)
        if len(subs) < 2:
            subs += [s for s in synonyms(ctx, lemma, upos, 2) if s not in subs]
        # sense-blind spinners also take synonyms of later senses: add those of senses 2-3
        # that are clearly rarer than the original (Zipf at least 0.5 lower)
        n_first = len(subs)
        subs += [s for s in synonyms(ctx, lemma, upos, 3) if s not in subs]
        kept = 0
        for i, s in enumerate(subs):
            if kept >= (3 if i < n_first else 5):
                break
            if ctx.z(s) < 2.0 or s in STOP:
                continue
            if ctx.z(s) > ctx.z(lemma) + 0.5 or ctx.rank.get(s, 10**6) < 1000:
                continue  # far commoner than the original: a bare occurrence is almost never a spin
            if i >= n_first and ctx.z(s) > ctx.z(lemma) - 0.5:
                continue
            e = wl.Entry("gen", 0, "news", lemma, s, upos, "medium", curated=False)
            _, err = wl.expand(e, ctx.infl, ctx.freq.word)
            if err:
                continue
            pairs[(lemma, s)] = (upos, risk_of(ctx, lemma, s, idiom_tokens))
            kept += 1
    # spinners swap both ways; the table restores towards the more frequent word only
    out = []
    for (o, s), (upos, risk) in sorted(pairs.items()):
        if (s, o) in pairs and (ctx.z(o), s) < (ctx.z(s), o):
            continue
        out.append((o, s, upos, risk))
    return out


# ----------------------------------------------------------------------------- science


def wordnet_phrases(ctx: Ctx) -> set[str]:
    """Every multi-word WordNet lemma: a swapped phrase that is one is in legitimate use."""
    return {lemma.replace("_", " ") for upos in POS_FILES for lemma in ctx.wn.index[upos] if "_" in lemma}


def science_terms(ctx: Ctx) -> list[str]:
    topics = set()
    for d in SCIENCE_DOMAINS:
        for off in ctx.wn.index["NOUN"].get(d, [])[:1]:
            topics.add(off)
    terms = set()
    for (upos, off), syn in ctx.wn.synsets.items():
        if upos != "NOUN":
            continue
        if not any(sym == ";c" and t in topics for sym, t, _p in syn["ptrs"]):
            continue
        for w in syn["words"]:
            p = plain(w)
            if p and 2 <= len(p.split()) <= 3 and all(ctx.freq.word(t) >= 2.0 for t in p.split()):
                terms.add(p)
    path = wl.WORDLISTS / "science_terms.txt"
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.split("#", 1)[0].strip().lower()
            if line:
                terms.add(" ".join(line.split()))
    return sorted(terms)


def first_sense_subs(ctx: Ctx, word: str, upos_order=("NOUN", "ADJ", "VERB")) -> list[str]:
    """What a thesaurus spinner swaps in for one word of a term: the curated single-word
    spins first, then the synonyms of the word's first WordNet sense (second if none)."""
    out = [s for s in ctx.curated_subs.get(word, []) if " " not in s]
    for upos in upos_order:
        lemma = word
        if upos == "NOUN":
            lem = ctx.infl._lm.getLemma(word, upos="NOUN", lemmatize_oov=False)
            lemma = lem[0] if lem else word
        if lemma not in ctx.wn.index[upos]:
            continue
        subs = [s for s in synonyms(ctx, lemma, upos, 1) if " " not in s and ctx.freq.word(s) >= 2.5]
        if not subs:
            subs = [s for s in synonyms(ctx, lemma, upos, 2) if " " not in s and ctx.freq.word(s) >= 2.5]
        if subs and lemma != word and upos == "NOUN":
            # keep the plural in step: "networks" -> "organizations"
            plural = []
            for s in subs:
                tab = ctx.infl.table(s, "NOUN")
                if "NNS" in tab:
                    plural.append(tab["NNS"])
            subs = plural
        out += [s for s in subs if s not in out]
        break
    return out


def propose_science(ctx: Ctx, curated: set[str]) -> list[tuple]:
    out = []
    terms = science_terms(ctx)
    term_set = set(terms) | wordnet_phrases(ctx)
    for term in terms:
        if term in curated:
            continue
        toks = term.split()
        spuns: list[str] = []
        for i, tok in enumerate(toks):
            order = ("NOUN",) if i == len(toks) - 1 else ("ADJ", "NOUN")
            for sub in first_sense_subs(ctx, tok, order)[:3]:
                s = " ".join(toks[:i] + [sub] + toks[i + 1:])
                if s != term and s not in spuns:
                    spuns.append(s)
        kept = 0
        for s in spuns:
            if kept >= 3:
                break
            stoks = s.split()
            attested = all(f"{a} {b}" in ctx.freq.bigrams for a, b in zip(stoks, stoks[1:]))
            if attested or s in term_set:
                continue  # the swapped phrase is itself in use: no evidence of spinning
            ocount = min((ctx.freq.bigrams.get(f"{a} {b}", 0.0) for a, b in zip(toks, toks[1:])))
            swapped = [t for t in stoks if t not in toks]
            # a frequent term with a swapped-in word that is not an everyday word
            risk = "strong" if ocount >= 7.5 and all(ctx.freq.word(t) < 4.5 for t in swapped) else "medium"
            if wl.expand(wl.Entry("gen", 0, "science", term, s, "NOUN", risk, curated=False),
                         ctx.infl, ctx.freq.word)[1]:
                continue
            out.append((term, s, "NOUN", risk))
            kept += 1
    return out


# ----------------------------------------------------------------------------- main


HEADER = """# GENERATED by scripts/propose_entries.py from wordfreq {wf} and WordNet 3.0: do not edit
# by hand (a rerun overwrites it). Curate in wordlists/{curated} instead: an original listed
# there replaces all its generated entries here, and a 'drop' line removes one pair.
# Columns: original  spun  POS  risk  [flags]   (see wordlists/SOURCES.md)
"""


def write_tsv(path: Path, rows: list[tuple], curated_name: str, note: str) -> None:
    from importlib import metadata

    lines = [HEADER.format(wf=metadata.version("wordfreq"), curated=curated_name).rstrip("\n"), note]
    for o, s, pos, risk in rows:
        lines.append(f"{o}\t{s}\t{pos}\t{risk}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def curated_originals(fname: str) -> set[str]:
    path = wl.WORDLISTS / fname
    if not path.exists():
        return set()
    es, _ = wl.parse_entries(path, "x", True)
    return {e.original for e in es if e.risk != "drop"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=wl.WORDLISTS, help="where to write (default: %(default)s)")
    ap.add_argument("--news", type=int, default=6000, help="how many frequent content lemmas (default %(default)s)")
    args = ap.parse_args(argv)
    ctx = Ctx()
    idioms = propose_idioms(ctx)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "idioms.generated.txt").write_text(
        "# GENERATED by scripts/propose_entries.py: WordNet 3.0 multi-word lemmas (lower case,\n"
        "# 2-4 words of wordfreq Zipf >= 3, every bigram attested in symspellpy's bigram list).\n"
        + "\n".join(idioms) + "\n", encoding="utf-8")
    curated = curated_originals("news.tsv") | curated_originals("general.tsv")
    news = propose_news(ctx, args.news, curated, idioms)
    write_tsv(args.out / "news.generated.tsv", news, "news.tsv",
              f"# {args.news} most frequent content lemmas of wordfreq 'en' x first-sense WordNet synonyms")
    science = propose_science(ctx, curated_originals("science.tsv"))
    write_tsv(args.out / "science.generated.tsv", science, "science.tsv",
              "# WordNet science-domain terms + wordlists/science_terms.txt, one word swapped for a first-sense synonym")
    print(f"idioms {len(idioms)}, news {len(news)}, science {len(science)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
