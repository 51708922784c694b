"""The readable summary of a result: the figures the counting minutes need.

Vietnamese by default (biên bản kiểm phiếu), English on request. The text
states the rules used, the base and its deductions, the threshold, the
ballots (issued, collected, valid, invalid by reason), every candidate's
votes and share of the base, who is elected, and what comes next.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import Lang
from .model import ElectionDefinition, NextStep, Result

__all__ = ["render_summary"]

_TEXT: dict[str, dict[Lang, str]] = {
    "heading": {"vi": "KẾT QUẢ KIỂM PHIẾU", "en": "COUNTING RESULT"},
    "election": {
        "vi": "Cuộc bầu: {title} (mã {id}), vòng {round}",
        "en": "Election: {title} (id {id}), round {round}",
    },
    "profile": {"vi": "Quy chế áp dụng: {profile}", "en": "Rules profile: {profile}"},
    "base_rule": {"vi": "Cơ sở tính quá bán: {base}", "en": "More than half of: {base}"},
    "tie_rule": {"vi": "Bằng phiếu ở vị trí cuối: {tie}", "en": "A tie at the cutoff: {tie}"},
    "summoned_delegates": {
        "vi": "Số đại biểu được triệu tập: {n}",
        "en": "Delegates summoned: {n}",
    },
    "summoned_members": {
        "vi": "Số đảng viên chính thức của đảng bộ: {n}",
        "en": "Official members of the unit: {n}",
    },
    "deducted": {"vi": "Trừ:", "en": "Less:"},
    "base": {"vi": "Số làm cơ sở tính quá bán: {n}", "en": "Base: {n}"},
    "threshold": {
        "vi": "Số phiếu tối thiểu để trúng cử (quá một nửa): {n}",
        "en": "Least votes to be elected (more than half): {n}",
    },
    "seats": {"vi": "Số lượng cần bầu: {n}", "en": "Seats: {n}"},
    "alternate_seats": {"vi": "Số dự khuyết cần bầu: {n}", "en": "Alternate seats: {n}"},
    "issued": {"vi": "Số phiếu phát ra: {n}", "en": "Ballots issued: {n}"},
    "collected": {"vi": "Số phiếu thu vào: {n}", "en": "Ballots collected: {n}"},
    "valid": {"vi": "Số phiếu hợp lệ: {n}", "en": "Valid ballots: {n}"},
    "invalid": {"vi": "Số phiếu không hợp lệ: {n}", "en": "Invalid ballots: {n}"},
    "table": {
        "vi": "Số phiếu bầu cho từng người (theo số phiếu):",
        "en": "Votes for each candidate (by votes):",
    },
    "col_rank": {"vi": "TT", "en": "Rank"},
    "col_name": {"vi": "Họ và tên", "en": "Full name"},
    "col_votes": {"vi": "Số phiếu", "en": "Votes"},
    "col_percent": {"vi": "Tỷ lệ", "en": "Share"},
    "col_status": {"vi": "Kết quả", "en": "Result"},
    "elected": {
        "vi": "Trúng cử ({filled}/{seats}): {names}",
        "en": "Elected ({filled}/{seats}): {names}",
    },
    "alternates_elected": {
        "vi": "Trúng cử dự khuyết ({filled}/{seats}): {names}",
        "en": "Elected alternates ({filled}/{seats}): {names}",
    },
    "nobody": {"vi": "không có ai", "en": "nobody"},
    "complete": {"vi": "Kết quả: đã bầu đủ số lượng.", "en": "Outcome: all seats filled."},
    "tie": {
        "vi": "Kết quả: {names} bằng phiếu ({votes} phiếu) cho {seats} chỗ còn lại.",
        "en": "Outcome: {names} are tied ({votes} votes) for the {seats} seat(s) left.",
    },
    "shortfall": {
        "vi": "Kết quả: còn thiếu {seats} người so với số lượng cần bầu.",
        "en": "Outcome: {seats} seat(s) short.",
    },
    "void": {
        "vi": "Kết quả: không có phiếu hợp lệ, cuộc bầu không có kết quả.",
        "en": "Outcome: no valid ballot; the election is void.",
    },
    "next_revote": {
        "vi": "Tiếp theo: bầu lại giữa {names} cho {seats} chỗ.",
        "en": "Next: a revote among {names} for {seats} seat(s).",
    },
    "next_next_round": {
        "vi": "Tiếp theo: bầu vòng tiếp theo cho {seats} chỗ còn thiếu; "
        "danh sách còn lại: {names}.",
        "en": "Next: another round for the {seats} seat(s) left; remaining: {names}.",
    },
    "next_congress_decides": {
        "vi": "Tiếp theo: đại hội quyết định việc bầu tiếp cho {seats} chỗ (danh sách: {names}).",
        "en": "Next: the congress decides on the {seats} seat(s) left (list: {names}).",
    },
    "next_alternates": {
        "vi": " Những người không trúng cử chính thức trong số này trúng cử dự khuyết ({n} chỗ).",
        "en": " Those not elected official among them become alternates ({n} place(s)).",
    },
    "alternates_heading": {"vi": "Dự khuyết:", "en": "Alternates:"},
}

_BASES: dict[str, dict[Lang, str]] = {
    "summoned_minus_deductions": {
        "vi": "số được triệu tập trừ số được trừ",
        "en": "those summoned minus the deductions",
    },
    "ballots_collected": {"vi": "tổng số phiếu thu vào", "en": "all ballots collected"},
    "valid_ballots": {"vi": "số phiếu hợp lệ", "en": "the valid ballots"},
}
_TIES: dict[str, dict[Lang, str]] = {
    "revote": {
        "vi": "không ai trong nhóm trúng cử, bầu lại",
        "en": "none of the group is elected; revote",
    },
    "older_wins": {"vi": "người nhiều tuổi hơn trúng cử", "en": "the older candidate is elected"},
    "congress_decides": {"vi": "đại hội quyết định", "en": "the congress decides"},
}
_INVALID: dict[str, dict[Lang, str]] = {
    "not_issued": {
        "vi": "không phải phiếu do Ban kiểm phiếu phát ra",
        "en": "not issued by the counting committee",
    },
    "over_seats": {"vi": "để lại quá số lượng cần bầu", "en": "keeps more names than seats"},
    "all_crossed": {"vi": "gạch hết tên", "en": "every name struck"},
    "single_unmarked": {
        "vi": "đánh dấu cả hai ô hoặc không ô nào",
        "en": "both boxes or neither marked",
    },
    "added_name": {"vi": "ghi thêm tên ngoài danh sách", "en": "a name written in"},
    "extra_content": {
        "vi": "có chữ ký, ký hiệu hoặc viết thêm nội dung",
        "en": "a signature, mark or other writing",
    },
}
_STATUS: dict[str, dict[Lang, str]] = {
    "elected": {"vi": "trúng cử", "en": "elected"},
    "alternate": {"vi": "trúng cử dự khuyết", "en": "alternate"},
    "tied": {"vi": "bằng phiếu", "en": "tied"},
    "not_elected": {"vi": "không trúng cử", "en": "not elected"},
}


def render_summary(definition: ElectionDefinition, result: Result, lang: Lang = "vi") -> str:
    """The summary text, one fact a line, ending with a newline."""
    return "\n".join(_Summary(definition, result, lang).lines()) + "\n"


class _Summary:
    def __init__(self, definition: ElectionDefinition, result: Result, lang: Lang) -> None:
        self.d, self.r, self.lang = definition, result, lang
        self.names = {c.id: c.name for c in result.candidates}
        self.votes = {c.id: c.votes for c in result.candidates}

    def t(self, key: str, **values: object) -> str:
        return _TEXT[key][self.lang].format(**values)

    def listing(self, ids: Sequence[str]) -> str:
        return ", ".join(self.names[i] for i in ids) or _TEXT["nobody"][self.lang]

    def lines(self) -> list[str]:
        d, r, t = self.d, self.r, self.t
        rules = dict(r.rules)
        lines = [
            t("heading"),
            t("election", title=d.title, id=d.id, round=d.round),
            t("profile", profile=r.profile),
            t("base_rule", base=_BASES[str(rules["base"])][self.lang]),
            t("tie_rule", tie=_TIES[str(rules["tie"])][self.lang]),
            "",
        ]
        if rules["base"] == "summoned_minus_deductions":
            lines += self.electorate()
        lines += [t("base", n=r.base), t("threshold", n=r.threshold), "", t("seats", n=r.seats)]
        if d.alternate_seats:
            lines.append(t("alternate_seats", n=d.alternate_seats))
        if d.ballots_issued is not None:
            lines.append(t("issued", n=d.ballots_issued))
        b = r.ballots
        lines += [t("collected", n=b.collected), t("valid", n=b.valid), t("invalid", n=b.invalid)]
        lines += [f"  - {_INVALID[code][self.lang]}: {n}" for code, n in b.invalid_by_reason]
        lines += ["", t("table"), *self.table(), ""]
        lines += self.outcome()
        return lines

    def electorate(self) -> list[str]:
        e = self.d.electorate
        key = "summoned_delegates" if e.congress == "delegates" else "summoned_members"
        lines = [self.t(key, n=e.summoned)]
        if e.deductions:
            lines.append(self.t("deducted"))
            lines += [f"  - {x.reason}: {x.count}" for x in e.deductions]
        return lines

    def table(self) -> list[str]:
        columns = ("col_rank", "col_name", "col_votes", "col_percent", "col_status")
        head = [self.t(key) for key in columns]
        rows = [
            [str(c.rank), c.name, str(c.votes), f"{c.percent}%", _STATUS[c.status][self.lang]]
            for c in self.r.candidates
        ]
        widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
        right = (True, False, True, True, False)
        return [
            "  ".join(
                text.rjust(w) if al else text.ljust(w)
                for text, w, al in zip(row, widths, right, strict=True)
            ).rstrip()
            for row in [head, *rows]
        ]

    def outcome(self) -> list[str]:
        r, t = self.r, self.t
        lines = [t("elected", filled=r.seats_filled, seats=r.seats, names=self.listing(r.elected))]
        lines += self.state(r.outcome, r.tied, r.seats - r.seats_filled, r.next)
        a = r.alternates
        if a is not None:
            names = self.listing(a.elected)
            lines += ["", t("alternates_heading")]
            lines.append(t("alternates_elected", filled=a.seats_filled, seats=a.seats, names=names))
            lines += self.state(a.outcome, a.tied, a.seats - a.seats_filled, a.next)
        return lines

    def state(
        self, outcome: str, tied: Sequence[str], short: int, step: NextStep | None
    ) -> list[str]:
        t = self.t
        if outcome == "tie":
            seats = step.seats if step else 0
            lines = [t("tie", names=self.listing(tied), votes=self.votes[tied[0]], seats=seats)]
        else:
            lines = [t(outcome, seats=short)]
        if step is not None:
            line = t(f"next_{step.action}", names=self.listing(step.candidates), seats=step.seats)
            if step.alternate_seats:
                line += t("next_alternates", n=step.alternate_seats)
            lines.append(line)
        return lines
