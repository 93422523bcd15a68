"""The one place for configuration and the path layout.

Every value can be overridden with a ``PRESSMINE_`` environment variable (for example
``PRESSMINE_WAREHOUSE=/srv/pressmine/warehouse.duckdb``) or by the command line.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRESSMINE_", extra="ignore")

    warehouse: Path = Field(default=PROJECT_ROOT / "data" / "warehouse.duckdb")
    published_dir: Path | None = None  # default: <warehouse dir>/published
    sources_file: Path = Field(default=PROJECT_ROOT / "sources.yml")
    dbt_project_dir: Path = Field(default=PROJECT_ROOT / "dbt")
    gx_project_dir: Path = Field(default=PROJECT_ROOT / "expectations")

    user_agent: str = "pressmine/0.1 (+https://github.com/pressmine/pressmine; data pipeline)"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_retries: int = 3
    backoff_factor_s: float = 0.5
    max_retry_after_s: float = 60.0
    max_response_bytes: int = 10 * 1024 * 1024
    per_host_interval_s: float = 1.0
    clean_workers: int = 2
    # Scheduled runs retry a failed flow run (a site down at 06:00); interactive runs and tests do not.
    flow_retries: int = 0
    flow_retry_delay_s: int = 600
    min_text_chars: int = 100

    @cached_property
    def publish_root(self) -> Path:
        return self.published_dir or self.warehouse.parent / "published"

    @property
    def dbt_profiles_dir(self) -> Path:
        return self.dbt_project_dir

    @property
    def gx_data_docs_index(self) -> Path:
        return self.gx_project_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def get_settings(**overrides) -> Settings:
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
