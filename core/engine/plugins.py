"""Discovery of jurisdiction plugins and a typed facade over the pluggy manager.

Nothing outside this module touches ``pm.hook`` directly: callers ask the
:class:`JurisdictionRegistry` for a jurisdiction's :class:`JurisdictionRules`, whose methods
reach that jurisdiction's implementations only (plus cross-cutting plugins).
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata as importlib_metadata
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import pluggy

from core.engine.messages import _
from core.engine import hookspecs
from core.engine.errors import NotFound, PluginError, RuleNotImplemented
from core.engine.rules import (
    CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, QuotaPlan, Reading, RewardDecision, RuleVersion,
    SanctionDecision, ScoreSheet, SettingSpec, StageWeights, ViolationKind,
)

HOOK_NAMES: tuple[str, ...] = tuple(
    name for name in dir(hookspecs) if name.startswith(f"{hookspecs.PROJECT}_")
)


@dataclass(frozen=True)
class InstalledJurisdiction:
    """A loaded jurisdiction plugin and where it came from."""

    jurisdiction: Jurisdiction
    plugin: object
    distribution: str | None
    distribution_version: str | None
    hooks: tuple[str, ...]


class JurisdictionRules:
    """One jurisdiction's hook implementations, called through a typed interface."""

    def __init__(self, installed: InstalledJurisdiction, caller: Callable[[str], Any],
                 place_names: Mapping[str, str] | None = None) -> None:
        self.installed = installed
        self._caller = caller
        self.place_names: Mapping[str, str] = place_names or {installed.jurisdiction.code: installed.jurisdiction.name}
        """Every installed jurisdiction's code and its place name (``nantong`` -> 南通市)."""

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.installed.jurisdiction

    def implements(self, hook: str) -> bool:
        return hook in self.installed.hooks

    def facts_schema(self, version: RuleVersion, entry_kind: str) -> Any:
        return self._caller("mqa_facts_schema")(version=version, entry_kind=entry_kind)

    def eligibility(self, **kwargs: Any) -> list[Finding]:
        """Findings of every implementation (the jurisdiction's and any overlay's), in one list."""
        kwargs.setdefault("category", None)
        kwargs.setdefault("deadline", kwargs["on_date"])
        return [finding for answer in self._caller("mqa_eligibility")(**kwargs) for finding in answer]

    def stage_weights(self, version: RuleVersion, entry_kind: str,
                      settings: Mapping[str, Any] | None = None) -> StageWeights:
        return self._first("mqa_stage_weights", StageWeights, version=version, entry_kind=entry_kind,
                           settings=_given(settings))

    def quota_plan(self, version: RuleVersion, settings: Mapping[str, Any] | None = None) -> QuotaPlan:
        return self._first("mqa_quota_plan", QuotaPlan, version=version, settings=_given(settings))

    def reward(self, version: RuleVersion, tier: str, entry_kind: str, history: Sequence[PastAward] = (),
               settings: Mapping[str, Any] | None = None, *, facts: Mapping[str, Any] | None = None,
               flags: Iterable[str] = (), category: str | None = None) -> RewardDecision:
        return self._first("mqa_reward", RewardDecision, version=version, tier=tier, entry_kind=entry_kind,
                           history=tuple(history), settings=_given(settings), facts=facts or {},
                           flags=frozenset(flags), category=category)

    def sanction(self, version: RuleVersion, violation: str, *, decided_on: dt.date, award: PastAward | None = None,
                 occurred_on: dt.date | None = None, settings: Mapping[str, Any] | None = None,
                 facts: Mapping[str, Any] | None = None, flags: Iterable[str] = (),
                 entry_kind: str | None = None) -> SanctionDecision:
        return self._first("mqa_sanction", SanctionDecision, version=version, violation=violation, award=award,
                           decided_on=decided_on, occurred_on=occurred_on, settings=_given(settings),
                           facts=facts or {}, flags=frozenset(flags),
                           entry_kind=entry_kind or (award.entry_kind if award else None))

    def violations(self, version: RuleVersion) -> list[ViolationKind]:
        return self._listed("mqa_violations", ViolationKind, version)

    def readings(self, version: RuleVersion) -> list[Reading]:
        return self._listed("mqa_readings", Reading, version)

    def expert_qualifications(self, version: RuleVersion) -> list[ExpertQualification]:
        qualifications = self._listed("mqa_expert_qualifications", ExpertQualification, version)
        codes = [q.code for q in qualifications]
        duplicated = sorted({c for c in codes if codes.count(c) > 1})
        if duplicated:
            raise PluginError(f"{self.jurisdiction.code}: expert qualifications listed twice: {duplicated}")
        return qualifications

    def score_sheet(self, version: RuleVersion, stage: str, entry_kind: str,
                    settings: Mapping[str, Any] | None = None) -> ScoreSheet:
        """The sheet of ``stage`` for ``entry_kind``; :class:`RuleNotImplemented` where the plugin gives none
        (the kind does not go through the stage, or the plugin does not implement the hook)."""
        sheet = self._first("mqa_score_sheet", ScoreSheet, version=version, stage=stage, entry_kind=entry_kind,
                            settings=_given(settings))
        if sheet.stage != stage or sheet.entry_kind != entry_kind:
            raise PluginError(f"{self.jurisdiction.code}: mqa_score_sheet answered for {sheet.stage}/{sheet.entry_kind} "
                              f"when asked for {stage}/{entry_kind}")
        return sheet

    def _listed(self, hook: str, expected: type, version: RuleVersion) -> list[Any]:
        items = [item for answer in self._caller(hook)(version=version) for item in answer]
        wrong = [type(i).__name__ for i in items if not isinstance(i, expected)]
        if wrong:
            raise PluginError(f"{self.jurisdiction.code}: {hook} listed {wrong[0]}, expected {expected.__name__}")
        return items

    def cycle_plan(self, version: RuleVersion, settings: Mapping[str, Any] | None = None) -> CyclePlan:
        return self._first("mqa_cycle_plan", CyclePlan, version=version, settings=_given(settings))

    def _first(self, hook: str, expected: type, **kwargs: Any) -> Any:
        """A first-result hook's answer, refused when the jurisdiction has no rule for it.

        A jurisdiction that does not implement the hook, or whose implementation answers ``None``
        for these arguments, raises :class:`RuleNotImplemented`; a wrong answer type is a plugin bug.
        """
        code = self.jurisdiction.code
        if not self.implements(hook):
            raise RuleNotImplemented(_("{code} does not implement {hook} yet", code=code, hook=hook))
        answer = self._caller(hook)(**kwargs)
        if answer is None:
            raise RuleNotImplemented(_("{code}: {hook} gave no answer for {describe_args}",
                                       code=code, hook=hook, describe_args=_describe_args(kwargs)))
        if not isinstance(answer, expected):
            raise PluginError(f"{code}: {hook} returned {type(answer).__name__}, expected {expected.__name__}")
        return answer

    def tenant_settings(self, version: RuleVersion) -> list[SettingSpec]:
        specs = [s for answer in self._caller("mqa_tenant_settings")(version=version) for s in answer]
        keys = [s.key for s in specs]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        if duplicated:
            raise PluginError(f"{self.jurisdiction.code}: tenant settings declared twice: {duplicated}")
        return specs


class JurisdictionRegistry:
    """Every installed jurisdiction, keyed by code, with per-jurisdiction dispatch."""

    def __init__(self, pm: pluggy.PluginManager, installed: Mapping[str, InstalledJurisdiction]) -> None:
        self._pm = pm
        self._installed = dict(installed)
        self._callers: dict[tuple[str, str], Any] = {}
        self._place_names = {c: i.jurisdiction.name for c, i in self._installed.items()}

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def discover(cls, *, extra_plugins: Iterable[tuple[str, object]] = (),
                 entry_points: bool = True) -> "JurisdictionRegistry":
        """Load every plugin of the ``mqa.jurisdictions`` entry-point group, then ``extra_plugins``.

        Fails loudly (``PluginError``) on a plugin that cannot be imported, two plugins with
        one code, a hook implementation that matches no spec, or a description whose code
        differs from its entry-point name.
        """
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        sources: dict[str, tuple[str | None, str | None]] = {}
        candidates: list[tuple[str, object, str | None, str | None]] = []
        if entry_points:
            candidates.extend(_load_entry_points())
        candidates.extend((name, plugin, None, None) for name, plugin in extra_plugins)
        for name, plugin, dist, dist_version in candidates:
            if name in sources:
                raise PluginError(
                    f"two plugins claim the jurisdiction code {name!r} "
                    f"({sources[name][0] or 'registered in code'} and {dist or 'registered in code'})")
            try:
                pm.register(plugin, name=name)
            except ValueError as exc:
                raise PluginError(f"plugin {name!r} cannot be registered: {exc}") from exc
            sources[name] = (dist, dist_version)
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"a plugin implements a hook that does not exist: {exc}") from exc
        return cls(pm, _describe(pm, sources))

    # -- queries -------------------------------------------------------------------------------

    def codes(self) -> list[str]:
        return sorted(self._installed)

    def installed(self) -> list[InstalledJurisdiction]:
        return [self._installed[code] for code in self.codes()]

    def get(self, code: str) -> InstalledJurisdiction:
        try:
            return self._installed[code]
        except KeyError:
            raise NotFound("jurisdiction", code) from None

    def jurisdiction(self, code: str) -> Jurisdiction:
        return self.get(code).jurisdiction

    def rules(self, code: str) -> JurisdictionRules:
        installed = self.get(code)
        return JurisdictionRules(installed, lambda hook: self._caller(code, hook), self._place_names)

    def resolve_version(self, code: str, version_code: str | None, day: dt.date) -> RuleVersion:
        return self.jurisdiction(code).resolve_version(version_code, day)

    # -- dispatch ------------------------------------------------------------------------------

    def _caller(self, code: str, hook: str) -> Any:
        key = (code, hook)
        if key not in self._callers:
            others = [i.plugin for c, i in self._installed.items() if c != code]
            self._callers[key] = self._pm.subset_hook_caller(hook, remove_plugins=others)
        return self._callers[key]


def _given(settings: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The settings as given: an empty mapping may be a recording one (the conformance kit), so only
    ``None`` becomes ``{}``."""
    return {} if settings is None else settings


def _describe_args(kwargs: Mapping[str, Any]) -> str:
    shown = {k: (v.code if isinstance(v, RuleVersion) else v) for k, v in kwargs.items() if k != "settings"}
    return ", ".join(f"{k}={v!r}" for k, v in shown.items())


def _load_entry_points() -> list[tuple[str, object, str | None, str | None]]:
    loaded = []
    seen: dict[str, str] = {}
    for ep in importlib_metadata.entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else None
        if ep.name in seen and seen[ep.name] != ep.value:
            raise PluginError(
                f"two installed packages claim the jurisdiction code {ep.name!r}: "
                f"{seen[ep.name]} and {ep.value} ({dist})")
        if ep.name in seen:
            continue  # the same distribution visible twice on sys.path
        seen[ep.name] = ep.value
        try:
            plugin = ep.load()
        except Exception as exc:  # noqa: BLE001 - any import failure must stop start-up with a clear name
            raise PluginError(f"jurisdiction plugin {ep.name!r} ({ep.value}) failed to load: {exc!r}") from exc
        loaded.append((ep.name, plugin, dist, ep.dist.version if ep.dist is not None else None))
    return loaded


def _describe(pm: pluggy.PluginManager,
              sources: Mapping[str, tuple[str | None, str | None]]) -> dict[str, InstalledJurisdiction]:
    installed: dict[str, InstalledJurisdiction] = {}
    for name, plugin in pm.list_name_plugin():
        if not any(impl.plugin is plugin for impl in pm.hook.mqa_jurisdiction.get_hookimpls()):
            continue  # cross-cutting plugin
        others = [p for n, p in pm.list_name_plugin() if n != name]
        description = pm.subset_hook_caller("mqa_jurisdiction", remove_plugins=others)()
        if not isinstance(description, Jurisdiction):
            raise PluginError(f"plugin {name!r}: mqa_jurisdiction returned {type(description).__name__}, "
                              "expected core.engine.rules.Jurisdiction")
        if description.code != name:
            raise PluginError(f"plugin registered as {name!r} describes jurisdiction {description.code!r}; "
                              "the entry-point name must equal the jurisdiction code")
        _check_versions(description)
        hooks = tuple(sorted(h for h in HOOK_NAMES
                             if any(i.plugin is plugin for i in getattr(pm.hook, h).get_hookimpls())))
        dist, dist_version = sources.get(name, (None, None))
        installed[name] = InstalledJurisdiction(description, plugin, dist, dist_version, hooks)
    return installed


def _check_versions(j: Jurisdiction) -> None:
    codes = [v.code for v in j.versions]
    if not codes:
        raise PluginError(f"jurisdiction {j.code!r} declares no rule version")
    if len(set(codes)) != len(codes):
        raise PluginError(f"jurisdiction {j.code!r} declares a rule version twice: {codes}")
    for v in j.versions:
        if v.effective_from and v.effective_until and v.effective_until < v.effective_from:
            raise PluginError(f"{j.code}/{v.code}: effective_until is before effective_from")


def hook_signatures() -> dict[str, str]:
    """``{hook: "name(args) -> return"}``, for the documentation test and the API."""
    import inspect

    out = {}
    for name in HOOK_NAMES:
        sig = inspect.signature(getattr(hookspecs, name))  # annotations stay strings (postponed evaluation)
        params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
        out[name] = f"{name}({params}) -> {sig.return_annotation}"
    return out


