"""Property: on any text the narrative reader neither fails nor loses a digit."""

import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from hcfin.model import Document, Location, Paragraph
from hcfin.narrative import extract_statements
from hcfin.narrative.tokens import working_text

PIECES = ["0", "1", "2", "9", "12", "2024", "933.58", "173,59", ".", ",", " ", "\u3000", "万元", "亿元", "元", "%",
          "人", "万人", "家", "个", "年", "年度", "月", "日", "号", "、", "，", "。", "：", "；", "（", "）", "〔", "〕",
          "“", "”", "增加", "减少", "增长", "（减少）", "占", "的", "完成预算", "支出", "收入", "基金", "参保人数",
          "工伤保险", "部门", "为", "以上", "至", "—", "①", "一、", "（二）", "第三部分", "十四、", "5、", "１", "．"]

text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(text, min_size=1, max_size=6))
def test_reader_never_fails_and_accounts_for_every_digit(texts):
    blocks = [Paragraph(t, Location(i + 1)) for i, t in enumerate(texts)]
    document = Document(path=Path("fuzz.txt"), sha256="", format="text", blocks=blocks, lines=texts)
    result = extract_statements(document)
    digits_in_text = sum(len(re.findall(r"\d", working_text(t))) for t in texts)
    digits_in_audit = sum(len(re.findall(r"\d", working_text(t))) for t in result.numbers["text"])
    assert digits_in_audit == digits_in_text
    assert result.unclassified_count == int((result.numbers["classification"] == "unclassified").sum())
    assert set(result.statements["status"]) <= {"ok", "repaired", "missing", "template_residue", "unreadable"}
