"""Generated documents stay what the spec says."""

from __future__ import annotations

import pytest

from shim import docgen
from tests.conftest import ROOT


@pytest.mark.parametrize("rel", sorted(docgen.DOCS))
def test_generated_doc_is_current(rel):
    assert (ROOT / rel).read_text() == docgen.DOCS[rel](ROOT), f"run: python -m shim.docgen ({rel} drifted)"
