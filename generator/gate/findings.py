"""What the gate reports: where and which rule, never the value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    place: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.place}: [{self.rule}] {self.detail}"


@dataclass(frozen=True)
class GateReport:
    files: int
    findings: tuple[Finding, ...]
    values_checked: int | None = None
    # Files not read again: unchanged since a clean run with the same rules (the build cache's verdicts).
    unchanged: int = 0

    def summary(self) -> str:
        again = f" ({self.unchanged} unchanged since a clean run, not read again)" if self.unchanged else ""
        text = f"Publishing gate: checked {self.files} files{again}, {len(self.findings)} findings."
        if self.values_checked is not None:
            text += (
                f" Withheld-values proof: none of {self.values_checked} withheld values (of 4 or more "
                "characters) appears in the site."
            )
        return text

    def failure(self) -> str:
        lines = [f"Publishing gate failed with {len(self.findings)} finding(s); the site folder was removed:"]
        lines += [f"  - {finding}" for finding in self.findings]
        return "\n".join(lines)


class GateFailure(Exception):
    def __init__(self, report: GateReport) -> None:
        self.report = report
        super().__init__(report.failure())


def describe(value: str) -> str:
    """A value's kind and length only, safe for public logs."""
    kind = "digits" if value.isdigit() else "text"
    return f"{kind} of {len(value)} characters"
