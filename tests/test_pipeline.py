"""The spaCy pipeline and the Python API a notebook uses."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import miner
from tests.conftest import SEEDS

TEXT = ("今年以来,台州市椒江区坚持以“五创新五提升”行动为抓手,推进“党建+公益”模式。"
        "全区已建立社会组织党组织43家,覆盖率达到85%。")


def test_pipeline_is_blank_zh_with_our_components() -> None:
    nlp = miner.nlp()
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["miner_regions", "miner_figures", "miner_practices"]
    assert miner.nlp() is nlp  # built once


def test_components_write_doc_spans() -> None:
    doc = miner.nlp()(TEXT)
    assert [s._.figure.text for s in doc.spans["figures"]] == ["43家", "85%"]
    assert [s._.practice.name for s in doc.spans["practices"]] == ["五创新五提升", "党建+公益"]
    assert "椒江区" in [s.text for s in doc.spans["regions"]]
    assert doc._.region.county == "椒江区" and doc._.region.code == "331002"
    for span in doc.spans["figures"]:
        assert span.text.startswith(span._.figure.text) or span._.figure.text in span.text


def test_user_dictionary_and_protected_phrases_keep_words_whole() -> None:
    doc = miner.nlp().make_doc("推行双向进入、交叉任职,探索党建+公益,选派党建工作指导员。")
    words = [t.text for t in doc]
    assert "双向进入、交叉任职" in words
    assert "党建+公益" in words
    assert "党建工作指导员" in words
    assert doc.text == "推行双向进入、交叉任职,探索党建+公益,选派党建工作指导员。"


def test_extract_is_the_record_of_a_text() -> None:
    record = miner.extract(TEXT)
    assert record.region.county == "椒江区"
    assert [(f.value, f.unit, f.indicator) for f in record.figures] == [
        (43, "家", "party_orgs"), (85, "%", "coverage_rate")]
    assert record.to_dict()["schema"] == "miner.record/2"


def test_extract_file_reads_any_encoding(tmp_path) -> None:
    seed = SEEDS / "003_66fb25a364516530.txt"
    path = tmp_path / "page.txt"
    path.write_bytes(seed.read_text("utf-8").encode("gb18030"))
    record = miner.extract_file(str(path))
    assert record.doc.encoding in ("gb18030", "gbk", "gb2312")
    assert dataclasses.replace(record.doc, path=None, encoding="", sha256="") == \
        dataclasses.replace(miner.extract_file(str(seed)).doc, path=None, encoding="", sha256="")


def test_full_width_digits_are_read() -> None:
    record = miner.extract("全市社会组织党组织覆盖率达到９８％,新建党组织１２０个。")
    assert [(f.text, f.value, f.unit) for f in record.figures] == [("98%", 98, "%"),
                                                                   ("120个", 120, "个")]


def test_html_input_goes_through_the_cleaner() -> None:
    html = ("<html><head><title>某市社会组织党建 - 市委组织部</title></head><body>"
            "<div class='nav'>首页 &gt; 工作动态</div><h1>杭州市社会组织党建工作综述</h1>"
            "<div>发布时间:2020-03-05 来源:杭州组工</div>"
            "<p>今年以来,杭州市新建社会组织党组织120个。</p><p>覆盖率达到90%。</p>"
            "<div>【打印】【关闭】</div></body></html>")
    record = miner.extract(html, is_html=True)
    assert record.title == "杭州市社会组织党建工作综述"
    assert record.date == "2020-03-05" and record.source == "杭州组工"
    assert record.region.city == "杭州市"
    assert [f.text for f in record.figures] == ["120个", "90%"]
    assert "打印" not in record.body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("党组织社会新建覆盖率达到个名家万多余近约以上不足的,。、“”()\n 0123456789.%+一二三十百千两第年月日省市区县杭州浙江")),
               max_size=300))
def test_any_text_gives_a_consistent_record(text: str) -> None:
    record = miner.extract(text)
    for f in record.figures:
        assert record.body[f.start:f.end] == f.text
    for p in record.practices:
        assert record.body[p.start:p.end] == p.name
    for m in record.region_mentions:
        assert record.body[m.start:m.end] == m.text
