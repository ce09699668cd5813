"""docs/python.md's worked example, run as written: every ```python block in order, in one
namespace, from the repository root, so that the example never goes stale."""

import os
import re
import sys

SRC = os.environ["AKICHI_SOURCE_DIR"]
text = open(os.path.join(SRC, "docs", "python.md"), encoding="utf-8").read()
blocks = re.findall(r"^```python\n(.*?)^```$", text, re.M | re.S)
assert len(blocks) >= 4, f"docs/python.md: {len(blocks)} python blocks"
os.chdir(SRC)
namespace = {"__name__": "docs_python_example"}
for i, block in enumerate(blocks, 1):
    print(f"--- block {i}", flush=True)
    exec(compile(block, f"docs/python.md (block {i})", "exec"), namespace)
print(f"ok: the {len(blocks)} blocks of docs/python.md ran")
sys.exit(0)
