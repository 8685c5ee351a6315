"""Counts test outcomes from every TRX (dotnet) and JUnit (vitest, Playwright) file under a folder
and prints the closing line CI reads: "N passed, N failed, N skipped". Exit 1 if anything failed
or if no result was found at all."""
import pathlib
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1])
passed = failed = skipped = 0
for trx in root.rglob("*.trx"):
    for result in ET.parse(trx).getroot().iter():
        if result.tag.endswith("UnitTestResult"):
            outcome = result.get("outcome")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive"):
                skipped += 1
            else:
                failed += 1
for junit in root.rglob("*junit*.xml"):
    for case in ET.parse(junit).getroot().iter("testcase"):
        children = {child.tag for child in case}
        if "failure" in children or "error" in children:
            failed += 1
        elif "skipped" in children:
            skipped += 1
        else:
            passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
