"""axe-core in the page under test, from our own files: the axe.min.js that the pinned
axe-playwright-python wheel carries (requirements-dev.txt), never a CDN.

Only the script is borrowed; running it and reading its results is done here, so the rules
we hold the pages to are written down in this file. It is evaluated over the DevTools
protocol rather than added as a <script>: the portal's Content-Security-Policy (script-src
'self') refuses inline scripts, and switching the policy off (bypass_csp) would check a page
readers never get.
"""
import functools
import importlib.util
from pathlib import Path

AXE_SCRIPT = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Trimmed in the page: a violation's node can be the whole <main>.
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => ({target: node.target.join(' '), html: node.html.slice(0, 160),
                                    summary: (node.failureSummary || '').slice(0, 300)})),
  }));
}"""


@functools.cache
def _axe_source():
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page):
    """The page's axe violations: [{id, impact, help, nodes: [{target, html, summary}]}]."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(RUN_AXE, TAGS)


def describe(violations, limit=4):
    """One readable block per rule: its id, impact, help and the first few elements it flags."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} [{len(rule['nodes'])} element(s)]")
        for node in rule["nodes"][:limit]:
            lines.append(f"    at {node['target']}: {node['html']}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", " ").strip())
    return "\n".join(lines)

