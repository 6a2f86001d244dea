"""The command line as a user meets it: formats, batches, and bad input that never crashes."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from tests.conftest import ROOT, SEEDS

MINER = [sys.executable, "-m", "miner.cli"]
SEED = SEEDS / "001_3933d1552c9bd586.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*MINER, *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=300)


def records(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode().splitlines() if line.strip()]


def values(record: dict) -> list[tuple]:
    return [(f["value"], f["unit"], f["approx"]) for f in record["figures"]]


@pytest.fixture(scope="module")
def utf8_record() -> dict:
    result = run("extract", str(SEED), "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    (record,) = records(result.stdout)
    return record


def test_help_and_version() -> None:
    assert run("--version").stdout.decode().startswith("miner ")
    for command in ("extract", "evaluate"):
        result = run(command, "--help")
        assert result.returncode == 0 and b"Usage" in result.stdout


def test_jsonl_record_follows_the_spec(utf8_record: dict) -> None:
    assert utf8_record["schema"] == "miner.record/2"
    assert set(utf8_record) == {"schema", "doc", "title", "date", "year", "source", "author",
                                "region", "body", "figures", "practices", "mentions",
                                "warnings"}
    body = utf8_record["body"]
    for f in utf8_record["figures"]:
        assert body[f["start"]:f["end"]] == f["text"]
        assert f["sentence"] and f["text"] in f["sentence"]
    for p in utf8_record["practices"]:
        assert body[p["start"]:p["end"]] == p["name"]
    assert utf8_record["doc"]["encoding"] == "utf-8"
    assert utf8_record["region"]["province"] == "甘肃省"


def test_json_one_object_for_one_file_and_array_for_several(tmp_path: Path) -> None:
    one = json.loads(run("extract", str(SEED), "--format", "json").stdout)
    assert isinstance(one, dict)
    many = json.loads(run("extract", str(SEEDS), "--format", "json").stdout)
    assert [Path(r["doc"]["path"]).name for r in many] == sorted(p.name for p in
                                                                  SEEDS.glob("*.txt"))


def test_csv_has_a_row_per_figure_with_provenance(tmp_path: Path, utf8_record: dict) -> None:
    out = tmp_path / "figures.csv"
    assert run("extract", str(SEED), "-f", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert len(rows) == len(utf8_record["figures"])
    assert all(r["doc_path"] == str(SEED) and r["province"] == "甘肃省" for r in rows)
    assert rows[0]["text"] == utf8_record["figures"][0]["text"]


def test_table_view_shows_title_region_and_figures() -> None:
    result = run("extract", str(SEED))
    text = result.stdout.decode()
    assert result.returncode == 0
    assert "甘肃省社会组织党建呈现新气象新作为" in text and "甘肃省" in text and "71%" in text


def test_stdin() -> None:
    result = run("extract", "-", "--format", "jsonl", stdin=SEED.read_bytes())
    (record,) = records(result.stdout)
    assert result.returncode == 0 and record["region"]["province"] == "甘肃省"


def test_missing_file() -> None:
    result = run("extract", "no/such/report.txt")
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "miner: error: no/such/report.txt: no such file"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\r\n  ", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20, "binary"),
    ],
)
def test_unreadable_files_get_one_line(tmp_path: Path, name: str, content: bytes,
                                       message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("extract", str(path), "--format", "jsonl")
    err = result.stderr.decode()
    assert result.returncode == 1 and result.stdout == b""
    assert len(err.strip().splitlines()) == 1 and str(path) in err and message in err
    assert "Traceback" not in err


def gbk_text() -> str:
    """The seed as a GBK site serves it: GBK has no no-break space (pages write &nbsp;)."""
    return SEED.read_text("utf-8").replace("\xa0", " ")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_give_the_same_record(tmp_path: Path, encoding: str,
                                              utf8_record: dict) -> None:
    path = tmp_path / f"report-{encoding}.txt"
    text = gbk_text()
    path.write_bytes(text.encode(encoding))
    result = run("extract", str(path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    (record,) = records(result.stdout)
    assert values(record) == values(utf8_record)
    assert record["body"] == utf8_record["body"].replace("\xa0", " ")
    assert record["title"] == utf8_record["title"]
    assert record["region"] == utf8_record["region"]


def test_traditional_report_finds_figures_and_simplified_regions(tmp_path: Path,
                                                                  utf8_record: dict) -> None:
    traditional = opencc.OpenCC("s2tw").convert(SEED.read_text("utf-8"))
    path = tmp_path / "traditional.txt"
    path.write_bytes(traditional.encode("big5", errors="ignore"))
    result = run("extract", str(path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    (record,) = records(result.stdout)
    assert record["title"] == opencc.OpenCC("s2tw").convert(utf8_record["title"])
    assert values(record) == values(utf8_record)
    assert record["region"]["province"] == "甘肃省"
    body = record["body"]
    assert all(body[f["start"]:f["end"]] == f["text"] for f in record["figures"])


def test_a_50_mb_file_is_read_up_to_the_cap_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    block = SEED.read_bytes()
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    result = run("extract", str(path), "--format", "jsonl", "--max-bytes", "1000000")
    assert result.returncode == 0, result.stderr.decode()
    (record,) = records(result.stdout)
    assert any(w.startswith("truncated input") for w in record["warnings"])
    assert "truncated input" in result.stderr.decode() and str(path) in result.stderr.decode()
    assert len(record["figures"]) > 100


def test_a_directory_with_good_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.html").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "d_gbk.txt").write_bytes(gbk_text().encode("gbk"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a report file: not read
    result = run("extract", str(tmp_path), "--format", "jsonl")
    assert result.returncode == 1
    out = records(result.stdout)
    assert [Path(r["doc"]["path"]).name for r in out] == ["a_good.txt", "d_gbk.txt"]
    err = result.stderr.decode().strip().splitlines()
    assert len(err) == 2
    assert "b_empty.txt" in err[0] and "c_binary.html" in err[1]
    assert "Traceback" not in result.stderr.decode()


def test_extract_from_the_store_carries_url_and_fetch_time(tmp_path: Path) -> None:
    from miner.store import connect

    page = ("<html><head><meta charset='gbk'><title>兰州市社会组织党建</title></head><body>"
            "<h1>兰州市新建社会组织党组织120个</h1><p>发布时间:2021-06-01 来源:兰州组工</p>"
            "<p>今年以来,兰州市新建社会组织党组织120个,覆盖率达到88%。</p></body></html>")
    store = tmp_path / "miner.db"
    conn = connect(store)
    conn.execute(
        "INSERT INTO pages (url, final_url, host, status, headers, content_type, body, encoding,"
        " fetched_at, sha256) VALUES (?,?,?,?,?,?,?,?,?,?)",
        ("http://example.gov.cn/a", "http://example.gov.cn/a.html", "example.gov.cn", 200, "{}",
         "text/html", page.encode("gbk"), "gbk", "2021-06-02T08:00:00Z", "x"))
    conn.close()
    result = run("extract", "--store", str(store), "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    (record,) = records(result.stdout)
    assert record["doc"]["url"] == "http://example.gov.cn/a.html"
    assert record["doc"]["fetched_at"] == "2021-06-02T08:00:00Z"
    assert record["doc"]["encoding"] in ("gbk", "gb18030")
    assert [f["text"] for f in record["figures"]] == ["120个", "88%"]
    assert record["region"]["city"] == "兰州市"


def test_jobs_give_the_same_records_in_the_same_order() -> None:
    one = run("extract", str(SEEDS), "--format", "jsonl")
    two = run("extract", str(SEEDS), "--format", "jsonl", "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and len(records(one.stdout)) == 5
