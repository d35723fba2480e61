"""The plugin's options as `contracts check` and `contracts diff` see them: read from the site's mkdocs.yml.

A team sets `deprecation_window_days`, `contracts_dir` and `build_date` once, in mkdocs.yml; the commands
take them from there so the CI gate judges exactly what the build publishes. A command-line flag wins over
mkdocs.yml, and without either the plugin's defaults apply. Options are validated by the plugin's own
config class, so a wrong value gets the same message as in a build.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .config import ContractCatalogConfig

PLUGIN_NAMES = ("contract-catalog",)
DEFAULT_CONFIG_FILE = "mkdocs.yml"


@dataclass
class SiteOptions:
    contracts_dir: Path
    deprecation_window_days: int
    build_date: date | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config-file, --contracts and --window, shared by the commands."""
    parser.add_argument(
        "--config-file",
        metavar="FILE",
        type=Path,
        help="the site's mkdocs.yml, whose contract-catalog options are the defaults "
        "(default: ./mkdocs.yml when it exists)",
    )
    parser.add_argument(
        "--contracts",
        metavar="DIR",
        type=Path,
        help="the contracts folder (default: contracts_dir of mkdocs.yml, else ./contracts)",
    )
    parser.add_argument(
        "--window",
        type=int,
        metavar="DAYS",
        help="days a deprecated version stays consumable after deprecated_at (default: "
        "deprecation_window_days of mkdocs.yml, else 14)",
    )


def resolve(args: argparse.Namespace) -> SiteOptions:
    """The options of a command: its flags, else mkdocs.yml's, else the plugin's defaults.

    Raises ValueError with one readable line for a config file that cannot be read or holds a wrong option.
    """
    config_file = args.config_file
    if config_file is None and Path(DEFAULT_CONFIG_FILE).is_file():
        config_file = Path(DEFAULT_CONFIG_FILE)
    options, base = plugin_options(config_file), (config_file.parent if config_file else Path("."))
    contracts = args.contracts if args.contracts is not None else base / options.contracts_dir
    window = args.window if args.window is not None else options.deprecation_window_days
    if window < 0:
        raise ValueError("--window must be 0 or more days")
    return SiteOptions(contracts_dir=contracts, deprecation_window_days=window, build_date=options.build_date)


def plugin_options(config_file: Path | None) -> ContractCatalogConfig:
    """The validated contract-catalog options of a mkdocs.yml;
    the defaults without one or without the plugin."""
    raw: dict = {}
    if config_file is not None:
        try:
            with open(config_file, encoding="utf-8") as stream:
                site = yaml_load(stream, loader=get_yaml_loader()) or {}
        except (OSError, ConfigurationError) as error:
            raise ValueError(f"cannot read {config_file}: {error}") from None
        raw = _plugin_entry(site.get("plugins") if isinstance(site, dict) else None)
    config = ContractCatalogConfig(config_file_path=str(config_file) if config_file else None)
    config.load_dict(raw)
    errors, _ = config.validate()
    if errors:
        key, invalid = errors[0]
        raise ValueError(f"{config_file}: contract-catalog option '{key}': {invalid}")
    return config


def _plugin_entry(plugins: Any) -> dict:
    """The plugin's options from `plugins:`, written as a list (`- contract-catalog: {...}`) or a mapping."""
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins or ())
    )
    for name, options in entries:
        if name in PLUGIN_NAMES:
            return dict(options) if isinstance(options, dict) else {}
    return {}
