#!/usr/bin/env python3
# The expected structures of the five seeds in ../shared/seeds/, for tests/fidelity.rs.
#
# Each seed's section below was written by reading the seed: which items it has, at which
# levels, and which of its lines make each item's actions, success statements and KPIs (or, for
# the progress report, what is working well and what people are concerned about), and which
# lines are page furniture. The script only copies those lines' text (list markers taken off)
# into tests/seeds/NNN.json, so that the expected text is the seed's own. It does not use the
# importer. Run it again after changing a section: python3 tests/seeds/expected.py
import json, os, re
HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "../../../../../shared/seeds/")
OUT = HERE + "/"

def load(name):
    return open(SEEDS + name, encoding="utf-8").read().split("\n")

def clean(t):
    t = t.replace("**", "").replace("\u00a0", " ").strip()
    while True:
        m = re.match(r"^(?:[-•·*]\s+|(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])\s+)", t)
        if not m: break
        t = t[m.end():]
    return re.sub(r"\s+", " ", t).strip()

class Seed:
    def __init__(self, name):
        self.name, self.lines = name, load(name)
    def L(self, *ns):
        return " ".join(clean(self.lines[n - 1]) for n in ns)
    def R(self, a, b, skip=()):
        return [clean(self.lines[n - 1]) for n in range(a, b + 1) if self.lines[n - 1].strip() and n not in skip]
    def split(self, n, pattern):
        t = re.sub(r"<[^>]+>", "", self.lines[n - 1])
        return [clean(p) for p in re.split(pattern, t) if clean(p)]

def item(level, number, title, actions=(), success=(), measures=(), working_well=(), concerned=(), references=(), items=()):
    d = {"level": level, "number": number, "title": title}
    for k, v in [("actions", actions), ("success", success), ("measures", measures), ("working_well", working_well),
                 ("concerned", concerned), ("references", references), ("items", items)]:
        if v: d[k] = list(v)
    return d

def write(s, kind, levels, furniture, items, notes):
    nonblank = [n for n in furniture if s.lines[n - 1].strip()]
    doc = {"seed": s.name, "kind": kind, "notes": notes, "levels": levels, "furniture": nonblank, "items": items}
    open(OUT + s.name.split("_")[0] + ".json", "w").write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")

# ---- seed 000 ----
s = Seed("000_d5c7a1d39f94425a.txt")
safe_success = s.split(53, r"\s•\s")
safe_success[-1] = safe_success[-1] + " " + s.L(55)
p1 = "Children and young people in our borough get the best start in life are happy healthy and safe"
p2 = "Children and young people in our borough will aspire and achieve a better life through access to opportunities, learning and training"
items = [
 item("Priority", "1", p1, items=[
  item("Area of focus", None, "Safeguarding", actions=s.split(51, r"\s\d\.\s"), success=safe_success + [s.L(57)], measures=s.R(61, 68)),
  item("Area of focus", None, "Early help", actions=s.R(88, 91), success=s.R(95, 99), measures=s.R(103, 106)),
  item("Area of focus", None, "Health", actions=s.R(124, 129) + s.R(165, 170), success=s.R(133, 141) + s.R(174, 178),
       measures=s.R(146, 147) + s.R(182, 183)),
 ]),
 item("Priority", "2", p2, items=[
  item("Area of focus", None, "School readiness", actions=s.R(203, 211), success=s.R(215, 219), measures=s.R(221, 224)),
  item("Area of focus", None, "SEND", actions=s.R(242, 250) + s.R(284, 287), success=s.R(254, 262) + s.R(291, 297),
       measures=s.R(266, 270) + s.R(301, 303)),
  item("Area of focus", None, "Achievement", actions=s.R(332, 336), success=s.R(342, 344), measures=s.R(348, 356)),
 ]),
]
furniture = [5, 6, 12, 14, 16, 17, 18, 155] + list(range(358, 382))
notes = ("Rochdale Children and Young People's Partnership Plan 2021-23. Two priorities, each heading repeated above "
 "its areas of focus. The unlabelled sub-headings inside an area (Children's mental health, Children's physical health, "
 "Good Level of Development, Transforming care...) are topics within the area, so their actions, success statements "
 "and KPIs are the area's. The four lines after School readiness's success statements (221-224) are KPIs whose "
 "heading the document lost. Furniture: the council's name as logo text, web addresses, the contents, a picture "
 "description, the contact block.")
write(s, "plan", ["Priority", "Area of focus"], furniture, items, notes)

# ---- seed 001 ----
s = Seed("001_1a66c6581335f9aa.txt")
P = "Priority"
send_title = clean(s.lines[117]).split(". We will focus")[0] + "."
items = [
 item(P, "7.1", s.L(25)[4:], working_well=s.R(29, 33), concerned=s.R(37, 38)),
 item(P, "7.3", s.L(40)[4:], working_well=s.R(44, 46), concerned=[s.L(50)]),
 item(P, "7.5", s.L(52)[4:], working_well=[s.L(56), s.L(57), s.L(58, 59, 60), s.L(61), s.L(62)], concerned=[s.L(66)]),
 item(P, "7.7", s.L(68)[4:], working_well=[s.L(72), s.L(73), s.L(74), s.L(75, 77), s.L(78)], concerned=[s.L(82)]),
 item(P, "7.9", s.L(84)[4:], working_well=s.R(88, 91), concerned=[s.L(95, 96, 97, 98, 99)]),
 item(P, "7.11", s.L(101)[5:], working_well=s.R(105, 110), concerned=[s.L(114)]),
 item(P, "7.13", send_title, working_well=s.R(122, 124), concerned=s.R(128, 129)),
]
notes = ("Rotherham's third progress report (January 2015) on its Children and Young People's Plan 2013-16: a progress "
 "report, not a plan. Its seven priorities ('7.1 We will ensure children have the best start in life'; the seventh, "
 "added in 2014, is stated in the paragraph under 7.13) each have what's working well and what we are concerned "
 "about (numbered as sections of their own, 7.2, 7.4...). These become a reporting round with an update per "
 "priority. Line 75's list item breaks onto line 77. Furniture: the council's letterhead and the contact line.")
write(s, "progress_report", ["Priority"], [1, 148], items, notes)

# ---- seed 002 ----
s = Seed("002_3ff28212cd9866a5.txt")
def cell(n, i):
    return s.lines[n - 1].split("\t")[i].strip()
REF = re.compile(r"\s*\.?\s*\((?:ref\b:?)\s*([^)]*)\)\s*\.?\s*$", re.I)
def title_ref(n):
    t = cell(n, 2)
    m = REF.search(t)
    if not m:
        return t.rstrip(" ."), []
    return t[:m.start()].rstrip(" ."), [m.group(1).strip()]
def pr(num, row, success, actions, lead, measures):
    t, refs = title_ref(row)
    d = item("Priority area for action", str(num), t, actions=actions, success=success, measures=measures, references=refs)
    d["lead"] = s.L(lead)
    return d
P = [
 pr(1, 46, s.R(71, 74), s.R(78, 82), 86, s.R(90, 94)),
 pr(2, 47, s.R(103, 106), s.R(110, 113), 117, s.R(121, 125)),
 pr(3, 48, s.R(134, 136), s.R(140, 143), 147, s.R(151, 152)),
 pr(4, 49, [s.L(161), s.L(163), s.L(165), s.L(167)],
    s.R(171, 175) + [s.L(176, 177)] + s.R(178, 183), 187, s.R(191, 197)),
 pr(5, 50, s.R(206, 210), s.R(214, 219), 223, s.R(227, 228)),
 pr(6, 53, s.R(237, 239), s.R(243, 248), 252, [s.L(256)]),
 pr(7, 54, s.R(265, 267), s.R(271, 273), 277, s.R(281, 284)),
 pr(8, 57, s.R(293, 296), s.R(300, 303), 307, s.R(311, 314)),
 pr(9, 60, s.R(323, 325), s.R(329, 333), 337, s.R(341, 346)),
]
# Targets with numbers, by the KPI they belong to (read off the seed: lines 90, 121, 196, 197).
for p, n, value in [(P[0], 0, 100.0), (P[1], 0, 100.0), (P[3], 5, 80.0), (P[3], 6, 24.7)]:
    p.setdefault("targets", []).append([p["measures"][n], value])
K = "Key theme"
items = [
 item(K, "1", cell(44, 0), items=P[0:5]),
 item(K, "2", cell(44, 1), items=P[5:7]),
 item(K, "3", cell(44, 2), items=P[7:8]),
 item(K, "4", cell(44, 3), items=P[8:9]),
]
notes = ("Rutland Children, Young People & Families Plan 2016-2019 (2017-18 update). Four key themes, named in a "
 "table; nine priority areas for action, numbered 1-9 in the summary tables (each title ending in a reference, "
 "'(Ref: Ofsted Next Steps Plan Recommendation 3&4)'). Appendix 1 details each as 'Action N', restating its key theme "
 "and its number within the theme ('Fair society 1' is priority 6) and sometimes rewording the title; the expected "
 "titles are the summary's, without the reference. 'What difference will it make to children and families?' gives "
 "success statements; 'What are we going to do' the actions; 'What are the measurable outcomes and targets?' the KPIs. "
 "Action 4's line 177 continues the bullet above it. No furniture.")
write(s, "plan", ["Key theme", "Priority area for action"], [], items, notes)

# ---- seed 003 ----
s = Seed("003_ce9b8605cb27fdc5.txt")
items = [item("Priority", str(i + 1), s.L(n)) for i, n in enumerate([40, 48, 54, 58, 62])]
notes = ("Rochdale Children and Young People's Partnership web page (2013-14): a vision, five key priorities listed "
 "and then each numbered as a short heading over paragraphs of explanation (no actions, success statements or KPIs), "
 "and three cross-cutting themes. Furniture: the site's skip links and sign-out notice, and the link to the PDF.")
write(s, "plan", ["Priority"], [1, 2, 78], items, notes)

# ---- seed 004 ----
s = Seed("004_cda2885cefcf3c11.txt")
O = "Outcome"
def o(n, heading, actions, success):
    t = re.split(r"\s[-–]\s", s.L(heading), maxsplit=1)[1]
    return item(O, str(n), t, actions=actions, success=success)
items = [
 o(1, 184, [s.L(n) for n in [197, 200, 203, 204, 207, 209]], s.R(220, 224)),
 o(2, 232, s.R(243, 250), s.R(260, 264)),
 o(3, 272, [s.L(283), s.L(284), s.L(285), s.L(286, 287, 288)], s.R(300, 305)),
 o(4, 313, s.R(324, 330) + [s.L(336)], s.R(342, 348)),
 o(5, 356, s.R(367, 372), s.R(382, 385)),
 o(6, 393, [s.L(n) for n in [406, 407, 408, 411, 413]], s.R(425, 428)),
 o(7, 436, s.R(446, 452), s.R(462, 468)),
]
notes = ("Cheshire East Children and Young People's Plan 2022-26 (draft). Seven outcomes, each over two pages: the "
 "first with why it is a priority, what children and young people asked, and the year-one priorities (the actions; "
 "an indented line under a bullet is that action's detail, not an action of its own); the second, headed 'Outcome N - "
 "Continued', with the lead partnership and, without a heading of its own, the list of what will show the difference "
 "(the success statements). The foreword's list of the outcomes and the 'Summary of our Plan and priorities' restate "
 "them in other words and are not the items. Furniture: the contents, a page number, the closing contact line.")
furniture = list(range(13, 28)) + [143, 594]
write(s, "plan", ["Outcome"], furniture, items, notes)
