"""What a person decided when the shipped catalog was built, and why: which rows of the
compiled facts become which catalog models, which LiteLLM entries price them, which Model
Openness Tool and European Open Source AI Index records describe them, and the licence terms
with the clause each flag rests on.

Only ``build_catalog_fixture`` reads this module; the catalog itself reads the file it writes.
Every clause text is our own wording of the licence; its source is where the licence says it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CSV_SOURCE = "model_catalog_facts.csv (compiled facts)"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    csv_row: str  # the CSV's "model" column
    licence: str  # a key of LICENCES
    litellm_keys: tuple[str, ...] = ()
    mot_record: str = ""  # a file in the Model Openness Tool's models/
    osai_record: str = ""  # a file in the European Open Source AI Index
    # Where one CSV row covers several models: the part of a field that is this model's.
    overrides: dict[str, str] = field(default_factory=dict)


MODELS = (
    ModelSpec(
        "Llama 3.1",
        "Llama 3.1 8B/70B/405B",
        "llama-3.1-community",
        litellm_keys=(
            "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
            "deepinfra/meta-llama/Meta-Llama-3.1-70B-Instruct",
            "cerebras/llama-3.1-8b",
        ),
        mot_record="Llama-3.1-8B.yml",
        osai_record="llama-3.1.yaml",
    ),
    ModelSpec(
        "Llama 3.3 70B",
        "Llama 3.3 70B",
        "llama-3.3-community",
        litellm_keys=(
            "deepinfra/meta-llama/Llama-3.3-70B-Instruct",
            "cerebras/llama-3.3-70b",
            "azure_ai/Llama-3.3-70B-Instruct",
        ),
        osai_record="llama-3.3.yaml",
    ),
    ModelSpec(
        "Llama 4 Scout",
        "Llama 4 Scout / Maverick",
        "llama-4-community",
        litellm_keys=(
            "deepinfra/meta-llama/Llama-4-Scout-17B-16E-Instruct",
            "azure_ai/Llama-4-Scout-17B-16E-Instruct",
        ),
        osai_record="llama-4.yaml",
        overrides={"params": "17B active / 109B total", "context": "10M"},
    ),
    ModelSpec(
        "Llama 4 Maverick",
        "Llama 4 Scout / Maverick",
        "llama-4-community",
        litellm_keys=(
            "deepinfra/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8",
            "azure_ai/Llama-4-Maverick-17B-128E-Instruct-FP8",
        ),
        osai_record="llama-4.yaml",
        overrides={"params": "17B active / 400B total", "context": "1M"},
    ),
    ModelSpec(
        "Mistral 7B",
        "Mistral 7B",
        "apache-2.0",
        litellm_keys=("mistral.mistral-7b-instruct-v0:2",),
        mot_record="Mistral-7B-v0.1.yml",
    ),
    ModelSpec(
        "Mixtral 8x7B",
        "Mixtral 8x7B",
        "apache-2.0",
        litellm_keys=(
            "mistral.mixtral-8x7b-instruct-v0:1",
            "deepinfra/mistralai/Mixtral-8x7B-Instruct-v0.1",
        ),
        mot_record="Mixtral-8x7B-v0.1.yml",
    ),
    ModelSpec(
        "Mistral Small 3",
        "Mistral Small 3 (24B-2501)",
        "apache-2.0",
        litellm_keys=(
            "deepinfra/mistralai/Mistral-Small-24B-Instruct-2501",
            "together_ai/mistralai/Mistral-Small-24B-Instruct-2501",
        ),
    ),
    ModelSpec(
        "Mistral Large 3",
        "Mistral Large 3 (675B-2512)",
        "apache-2.0",
        litellm_keys=("mistral/mistral-large-3", "azure_ai/mistral-large-3"),
        mot_record="Mistral-Large-3-675B-Base-2512.yml",
        osai_record="Mistral.yaml",
    ),
    ModelSpec(
        "Qwen2.5",
        "Qwen2.5 (0.5-72B)",
        "apache-2.0",
        mot_record="Qwen2.5-7B-Instruct.yml",
        overrides={
            "params": "0.5B–32B (all sizes but 3B and 72B)",
            "license": "Apache License 2.0",
            "commercial_use": "yes",
            "restrictions": "none beyond Apache-2.0 for these sizes; 3B and 72B have other "
            "licences (72B: see Qwen2.5 72B; 3B: not in this catalog)",
        },
    ),
    ModelSpec(
        "Qwen2.5 72B",
        "Qwen2.5 (0.5-72B)",
        "qwen-license",
        litellm_keys=(
            "deepinfra/Qwen/Qwen2.5-72B-Instruct",
            "together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo",
        ),
        mot_record="Qwen2.5-72B-Instruct.yml",
        overrides={
            "params": "72B",
            "license": "Qwen License Agreement",
            "commercial_use": "yes (terms unverified)",
        },
    ),
    ModelSpec(
        "Qwen3",
        "Qwen3 (0.6B-235B-A22B)",
        "apache-2.0",
        litellm_keys=(
            "deepinfra/Qwen/Qwen3-235B-A22B-Instruct-2507",
            "nebius/Qwen/Qwen3-235B-A22B-Instruct-2507",
        ),
        mot_record="Qwen3-14B-Base.yml",
    ),
    ModelSpec(
        "DeepSeek-V3",
        "DeepSeek-V3",
        "deepseek-model",
        litellm_keys=("deepseek/deepseek-v3", "deepinfra/deepseek-ai/DeepSeek-V3"),
        mot_record="DeepSeek-V3.yml",
    ),
    ModelSpec(
        "DeepSeek-R1",
        "DeepSeek-R1",
        "mit",
        litellm_keys=("deepseek/deepseek-r1", "deepinfra/deepseek-ai/DeepSeek-R1"),
        mot_record="DeepSeek-R1.yml",
        osai_record="deepseek-R1.yaml",
    ),
    ModelSpec(
        "Gemma 2",
        "Gemma 2 / Gemma 3",
        "gemma-terms",
        litellm_keys=("gemini/gemini-gemma-2-27b-it",),
        mot_record="gemma-2-27b-it.yml",
        osai_record="Gemma.yaml",
        overrides={"params": "2B / 9B / 27B", "context": "8k"},
    ),
    ModelSpec(
        "Gemma 3",
        "Gemma 2 / Gemma 3",
        "gemma-terms",
        litellm_keys=("deepinfra/google/gemma-3-27b-it", "gemini/gemma-3-27b-it"),
        osai_record="Gemma.yaml",
        overrides={"params": "1B / 4B / 12B / 27B", "context": "32k (1B), 128k (others)"},
    ),
    ModelSpec(
        "Phi-4",
        "Phi-4",
        "mit",
        litellm_keys=("azure_ai/Phi-4", "deepinfra/microsoft/phi-4"),
        osai_record="Phi.yaml",
    ),
    ModelSpec("OLMo 2", "OLMo 2 (7B/13B/32B)", "apache-2.0"),
    ModelSpec("Falcon 180B", "Falcon 180B", "falcon-180b-tii"),
    ModelSpec(
        "gpt-oss-120b",
        "gpt-oss-120b / 20b",
        "apache-2.0",
        litellm_keys=("deepinfra/openai/gpt-oss-120b", "cerebras/gpt-oss-120b"),
        mot_record="gpt-oss-120b.yml",
        osai_record="GPT-OSS.yaml",
        overrides={"params": "117B total / 5.1B active"},
    ),
    ModelSpec(
        "gpt-oss-20b",
        "gpt-oss-120b / 20b",
        "apache-2.0",
        litellm_keys=("deepinfra/openai/gpt-oss-20b", "groq/openai/gpt-oss-20b"),
        mot_record="gpt-oss-20b.yml",
        overrides={"params": "21B total / 3.6B active"},
    ),
    ModelSpec(
        "GPT-4o",
        "GPT-4o",
        "openai-terms",
        litellm_keys=("gpt-4o", "azure/gpt-4o"),
        mot_record="GPT-4o.yml",
    ),
    ModelSpec("GPT-4.1", "GPT-4.1", "openai-terms", litellm_keys=("gpt-4.1",)),
    ModelSpec("GPT-5", "GPT-5", "openai-terms", litellm_keys=("gpt-5",)),
    ModelSpec(
        "Claude Sonnet 4",
        "Claude Sonnet 4 / Opus 4 / Opus 4.1",
        "anthropic-terms",
        litellm_keys=("anthropic.claude-sonnet-4-20250514-v1:0",),
    ),
    ModelSpec(
        "Claude Opus 4",
        "Claude Sonnet 4 / Opus 4 / Opus 4.1",
        "anthropic-terms",
        litellm_keys=("anthropic.claude-opus-4-20250514-v1:0",),
    ),
    ModelSpec(
        "Claude Opus 4.1",
        "Claude Sonnet 4 / Opus 4 / Opus 4.1",
        "anthropic-terms",
        litellm_keys=("anthropic.claude-opus-4-1-20250805-v1:0",),
    ),
    ModelSpec(
        "Claude Sonnet 4.5",
        "Claude Sonnet 4.5 / Haiku 4.5 / Opus 4.5",
        "anthropic-terms",
        litellm_keys=("claude-sonnet-4-5", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ),
    ModelSpec(
        "Claude Haiku 4.5",
        "Claude Sonnet 4.5 / Haiku 4.5 / Opus 4.5",
        "anthropic-terms",
        litellm_keys=("claude-haiku-4-5", "anthropic.claude-haiku-4-5-20251001-v1:0"),
    ),
    ModelSpec(
        "Claude Opus 4.5",
        "Claude Sonnet 4.5 / Haiku 4.5 / Opus 4.5",
        "anthropic-terms",
        litellm_keys=("claude-opus-4-5", "anthropic.claude-opus-4-5-20251101-v1:0"),
    ),
    ModelSpec(
        "Claude 3.5 Sonnet",
        "Claude 3.5 Sonnet",
        "anthropic-terms",
        litellm_keys=("anthropic.claude-3-5-sonnet-20241022-v2:0",),
    ),
    ModelSpec(
        "Gemini 2.5 Pro",
        "Gemini 2.5 Pro / Flash",
        "google-gemini-terms",
        litellm_keys=("gemini/gemini-2.5-pro", "gemini-2.5-pro"),
    ),
    ModelSpec(
        "Gemini 2.5 Flash",
        "Gemini 2.5 Pro / Flash",
        "google-gemini-terms",
        litellm_keys=("gemini/gemini-2.5-flash", "gemini-2.5-flash"),
    ),
    ModelSpec(
        "Gemini 1.5 Pro", "Gemini 1.5 Pro", "google-gemini-terms", mot_record="Gemini-1.5.yml"
    ),
)

LLAMA_REPO = "meta-llama/llama-models@a9c89c4"


def _llama(version: str, folder: str, *, eu: bool = False) -> dict[str, Any]:
    licence = f"{LLAMA_REPO} models/{folder}/LICENSE"
    clauses: dict[str, dict[str, str]] = {
        "user_cap": {
            "text": "If your products or services had more than 700 million monthly active "
            f"users in the month before Llama {version} was released, you must ask Meta for a "
            "licence, which Meta may refuse; until then you have no rights under this one.",
            "source": f"{licence}, §2 Additional Commercial Terms",
        },
        "use_policy": {
            "text": "Meta's Acceptable Use Policy is part of the licence: neither you nor the "
            "people using your product may use the model for what it forbids (for example "
            "military, warfare or nuclear uses, or operating critical infrastructure).",
            "source": f"{licence}, §1.b.iv; {LLAMA_REPO} models/{folder}/USE_POLICY.md",
        },
        "attribution_naming": {
            "text": "A product or service built on it must show “Built with Llama”, and a "
            "model trained or improved with it (or with its outputs) and made available must "
            "have a name beginning with “Llama”.",
            "source": f"{licence}, §1.b.i",
        },
    }
    if eu:
        clauses["regional_exclusion"] = {
            "text": "The rights to the multimodal Llama 4 models are not granted to people "
            "living in the European Union or to companies with their principal place of "
            "business there; end users of a product built on them are not excluded.",
            "source": f"{LLAMA_REPO} models/llama4/USE_POLICY.md",
        }
    return {
        "name": f"Llama {version} Community License Agreement",
        "spdx": None,
        "hf_id": {"llama3_1": "llama3.1", "llama3_3": "llama3.3", "llama4": "llama4"}[folder],
        # The 3.1 address is the Model Openness Tool's; the others come from the Hugging Face
        # licence list (filled in by the build).
        "url": "https://www.llama.com/llama3_1/license/" if folder == "llama3_1" else "",
        "obligations": "Ship a copy of the agreement and the Llama notice file with the "
        "weights; follow the Acceptable Use Policy; show “Built with Llama”; start a "
        "derived model's name with “Llama”; above 700 million monthly active users, ask Meta.",
        "clauses": clauses,
        "source": f"{licence}; {CSV_SOURCE}",
    }


# Licences by key. ``spdx``: the SPDX id, whose OSI approval is read from the SPDX list that
# the Model Openness Tool ships (mof-licenses.json); a licence without one is not OSI-approved.
# ``hf_id``: the licence's id on the Hugging Face Hub, where it has one (its licence list).
LICENCES: dict[str, dict[str, Any]] = {
    "apache-2.0": {
        "name": "Apache License 2.0",
        "spdx": "Apache-2.0",
        "hf_id": "apache-2.0",
        "url": "",  # the SPDX list's page, filled in by the build
        "obligations": "Keep the licence and any NOTICE file with copies; say which files you "
        "changed. The patent licence ends for anyone who sues over patents in the work.",
        "clauses": {},
        "source": "SPDX License List (Apache-2.0), via the Model Openness Tool's mof-licenses.json",
    },
    "mit": {
        "name": "MIT License",
        "spdx": "MIT",
        "hf_id": "mit",
        "url": "",
        "obligations": "Keep the copyright and permission notice in copies.",
        "clauses": {},
        "source": "SPDX License List (MIT), via the Model Openness Tool's mof-licenses.json",
    },
    "llama-3.1-community": _llama("3.1", "llama3_1"),
    "llama-3.3-community": _llama("3.3", "llama3_3"),
    "llama-4-community": _llama("4", "llama4", eu=True),
    "gemma-terms": {
        "name": "Gemma Terms of Use",
        "spdx": None,
        "hf_id": "gemma",
        "url": "https://ai.google.dev/gemma/terms",
        "obligations": "Pass the use restrictions on to anyone you give the model or a "
        "derivative to, with a copy of the terms; follow the Prohibited Use Policy.",
        "clauses": {
            "use_policy": {
                "text": "Google's Gemma Prohibited Use Policy is part of the terms and must be "
                "passed on: you and everyone you distribute to must keep to it.",
                "source": "Gemma Terms of Use §3.2 (https://ai.google.dev/gemma/terms); "
                "https://ai.google.dev/gemma/prohibited_use_policy",
            },
            "remote_restriction": {
                "text": "Google may restrict, “remotely or otherwise”, use of Gemma that it "
                "reasonably believes breaks the terms: a deployment can be limited by the "
                "licensor after you have built on it.",
                "source": "Gemma Terms of Use §3.2 (https://ai.google.dev/gemma/terms)",
            },
        },
        "source": f"Gemma Terms of Use; {CSV_SOURCE}",
    },
    "deepseek-model": {
        "name": "DeepSeek License Agreement v1.0",
        "spdx": None,
        "url": "https://github.com/deepseek-ai/DeepSeek-V3/blob/9b4e978/LICENSE-MODEL",
        "obligations": "Follow the use restrictions of Attachment A and pass them on to "
        "derivatives and their users. The code is under MIT; the weights are under this "
        "agreement.",
        "clauses": {
            "use_policy": {
                "text": "Attachment A forbids uses including military use; the restrictions "
                "bind you, must be passed on to anyone who receives the model or a derivative, "
                "and apply to the use your users make of it.",
                "source": "deepseek-ai/DeepSeek-V3@9b4e978 LICENSE-MODEL, Attachment A",
            },
        },
        "source": f"deepseek-ai/DeepSeek-V3@9b4e978 README.md, LICENSE-MODEL; {CSV_SOURCE}",
    },
    "falcon-180b-tii": {
        "name": "Falcon-180B TII License v1.0",
        "spdx": None,
        "url": "https://huggingface.co/spaces/tiiuae/falcon-180b-license",
        "obligations": "Follow the acceptable use policy. The licence's terms for hosting the "
        "model as a service were not verified for this catalog: read them before doing so.",
        "clauses": {
            "use_policy": {
                "text": "An acceptable use policy is part of the licence (breaking laws, harm to "
                "minors, disinformation, harassment and more are forbidden).",
                "source": "huggingface.co/spaces/tiiuae/falcon-180b-license (acceptable use "
                "policy)",
            },
        },
        "source": f"huggingface.co/spaces/tiiuae/falcon-180b-license; {CSV_SOURCE}",
    },
    "qwen-license": {
        "name": "Qwen License Agreement",
        "spdx": None,
        "url": "",
        "obligations": "Terms not verified for this catalog: it is a bespoke licence, not "
        "OSI-approved; read it before relying on it. No flag is raised for terms we have not "
        "read.",
        "clauses": {},
        "source": f"Model Openness Tool models/Qwen2.5-72B-Instruct.yml; {CSV_SOURCE}",
    },
    "openai-terms": {
        "name": "OpenAI API terms (proprietary)",
        "spdx": None,
        "proprietary": True,
        "url": "",
        "obligations": "Use through the vendor's API under its terms of service; no licence to "
        "the weights.",
        "clauses": {},
        "source": CSV_SOURCE,
    },
    "anthropic-terms": {
        "name": "Anthropic API terms (proprietary)",
        "spdx": None,
        "proprietary": True,
        "url": "",
        "obligations": "Use through the vendor's API (or a cloud that resells it) under its "
        "terms of service; no licence to the weights.",
        "clauses": {},
        "source": CSV_SOURCE,
    },
    "google-gemini-terms": {
        "name": "Google Gemini API terms (proprietary)",
        "spdx": None,
        "proprietary": True,
        "url": "",
        "obligations": "Use through the vendor's API under its terms of service; no licence to "
        "the weights.",
        "clauses": {},
        "source": CSV_SOURCE,
    },
}

# Shipped without a figure, and why: said on the pages and in docs/catalog.md.
NOT_SHIPPED = (
    "GPU offers (USD per GPU-hour): none of the source files gives one, so none is shipped.",
    "Throughput (output tokens/s per model × GPU × engine): none of the source files gives a "
    "measured figure, so none is shipped.",
    "Qwen2.5 3B: under a licence the compiled facts call 'other', not named; left out.",
    "Gemini 1.5 Pro: no price in the LiteLLM file.",
    "Mistral Large 3 and Falcon 180B context lengths: marked unverified in the compiled "
    "facts; left blank.",
    "Falcon 180B: no price in the LiteLLM file.",
)
