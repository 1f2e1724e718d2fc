"""Make a tiny store of schema version 1 (the store before the resolved model), as daicho 06a58b9 wrote it.

Run in a process of its own (the old tables register in SQLModel's global metadata): `python make_v1.py URL`.
`tables_v1.py` is `git show 06a58b9:inventory/tables.py`, unchanged.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import tables_v1  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

ROWS = {
    "meta": [{"key": "schema_version", "value": "1"}, {"key": "loaded_at", "value": "2025-04-01T00:00:00+00:00"},
             {"key": "sources", "value": "inventory.yaml"}],
    "organization": [{"key": "acme", "name_en": "Acme K.K.", "country": "JP", "representative": "Taro Acme"}],
    "subject": [{"key": "members", "name_en": "Members"}],
    "purpose": [{"key": "billing", "name_en": "Billing"}],
    "item": [{"key": "email", "name_en": "Email address", "retention": {"period": "5 years"}},
             {"key": "card_number", "name_en": "Card number", "financial": True}],
    "item_subject": [{"item": "email", "subject": "members", "position": 0},
                     {"item": "card_number", "subject": "members", "position": 0}],
    "item_purpose": [{"item": "email", "purpose": "billing", "position": 0},
                     {"item": "card_number", "purpose": "billing", "position": 0}],
    "system": [{"key": "crm", "name_en": "CRM", "kind": "database", "country": "JP"}],
    "system_item": [{"system": "crm", "item": "email", "position": 0},
                    {"system": "crm", "item": "card_number", "position": 1}],
    "recipient": [{"key": "mailer", "name_en": "Mailer Inc.", "kind": "contractor", "country": "US"},
                  {"key": "mailer_cloud", "name_en": "Mailer Cloud", "kind": "subcontractor", "country": "US",
                   "parent": "mailer"}],
    "flow": [{"key": "crm_to_mailer", "position": 0, "source": "crm", "target": "mailer", "basis": "outsourcing",
              "foreign_basis": "consent"},
             {"key": "mailer_to_cloud", "position": 1, "source": "mailer", "target": "mailer_cloud",
              "basis": "outsourcing", "foreign_basis": "consent"}],
    "flow_item": [{"flow": "crm_to_mailer", "item": "email", "position": 0},
                  {"flow": "mailer_to_cloud", "item": "email", "position": 0}],
    "node": [{"key": k, "kind": kind, "country": c} for k, kind, c in
             [("acme", "organization", "JP"), ("crm", "system", "JP"), ("mailer", "recipient", "US"),
              ("mailer_cloud", "recipient", "US")]],
    "lineage_edge": [{"item": "email", "src": "crm", "dst": "mailer", "flow": "crm_to_mailer"},
                     {"item": "email", "src": "mailer", "dst": "mailer_cloud", "flow": "mailer_to_cloud"}],
    "record_source": [{"key": "email", "file": "inventory.yaml", "line": 12}],
}

if __name__ == "__main__":
    engine = create_engine(sys.argv[1])
    metadata = SQLModel.metadata
    assert tables_v1.SCHEMA_VERSION == 1
    with engine.begin() as conn:
        metadata.create_all(conn)
        for name, rows in ROWS.items():
            for row in rows:  # one by one: the rows name different columns
                conn.execute(metadata.tables[name].insert(), row)
    engine.dispose()
