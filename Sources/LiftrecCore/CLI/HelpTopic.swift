/// The help topics `liftrec help TOPIC` prints: the reference that the README points to instead of repeating.
enum HelpTopic: String, Sendable, CaseIterable {
    /// `liftrec help formats`.
    case formats
    /// `liftrec help ci`.
    case ci
    /// `liftrec help protocols`.
    case protocols

    /// One line saying what the topic covers, as the overview lists it.
    var summary: String {
        switch self {
        case .formats: return "Suite and store formats, and the request fingerprint"
        case .ci: return "liftrec in CI: the verify gate, JUnit, annotations, the GitHub Action, the weekly refresh, shards, exit statuses"
        case .protocols: return "Endpoints and the wire: choosing one, auth, HTTPS, how record sends, how replay --serve and diff answer"
        }
    }

    /// The topic's text, ending with a newline.
    var text: String {
        switch self {
        case .formats: return Self.formatsText
        case .ci: return Self.ciText
        case .protocols: return Self.protocolsText
        }
    }

    private static let formatsText = #"""
Suites: fixtures/suites/NAME.json (liftrec-suite/1)

    {
      "format": "liftrec-suite/1",
      "name": "provider",
      "store": "fixtures/recorded/provider.json",
      "endpoint": "https://example--generate.modal.run",
      "model": "Qwen/Qwen2.5-Coder-32B-Instruct",
      "defaults": {"max_tokens": 2048, "temperature": 0.0, "top_p": 0.95},
      "cost": {"usd_per_request": 0.002299},
      "schemas": {"ir": {"type": "object"}},
      "cases": [
        {"key": "warmup_basic_function", "prompt": "...", "schema": {"type": "object"}, "warmup": true},
        {"key": "simple_ir_add_function", "prompt": "...", "schema": "ir", "max_tokens": 4096},
        {"key": "error_handling_missing_fields", "prompt": "", "schema": {"type": "object"}, "expect": "any"}
      ]
    }

- `format`, `name` (which must match the file name) and `cases` are required. Each Modal case needs
  `key`, `prompt` (which may be empty) and `schema`, either inline or the name of an entry in
  `schemas`.
- A Modal case's `max_tokens`, `temperature` and `top_p` override `defaults`, and the endpoint's own
  defaults (2048, 0.3, 0.95) apply last.
- A chat case (`"protocol": "openai-chat"` or `"anthropic-messages"`, on the suite or the case) is the
  request itself: `"request"`, or the shorthand `prompt`/`messages`, `system`, `schema`, `tools`,
  `tool_choice`, `max_tokens`, `temperature`, `top_p`, `seed`, `stop`; see `liftrec help protocols`.
- `expect` is `"ok"` (the default), `"error"` (an error reply is the correct fixture), `"any"` (either
  a result or an error reply is correct: an endpoint may answer an empty prompt either way, and the simulator
  answers it with a result), or for chat cases `"truncated"` (a reply cut at its token limit is correct too).
- A suite `replay --serve --learn` wrote says `"origin": "learned"`.
- Paths are relative to the project root. The store defaults to `fixtures/recorded/NAME.json`.
- Unknown fields, duplicate keys, missing or mistyped fields, unknown schema names and remote
  `$ref`s are errors that name the file, the case and the field:

  ```
  liftrec: fixtures/suites/provider.json: case "simple_ir_add_function": field "schema": unknown schema "irr"; did you mean "ir"? defined schemas: ir, name_description
  ```

Stores: compatible with the Python ResponseRecorder

A store is one JSON object keyed by fixture key. ResponseRecorder reads `entry["response"]` and
ignores everything else, so liftrec keeps its own facts under `metadata.liftrec`:

    {
      "simple_ir_add_function": {
        "metadata": {
          "function": "add",
          "liftrec": {
            "endpoint": "https://example--generate.modal.run",
            "finish_reason": "stop",
            "generation_time_ms": 13290.5,
            "latency_ms": 13301,
            "model": "Qwen/Qwen2.5-Coder-32B-Instruct",
            "params_sha256": "…", "prompt_sha256": "…", "request_sha256": "…", "schema_sha256": "…",
            "recorded_at": "2026-11-24T20:41:00Z",
            "status": "ok",
            "tokens_used": 123
          },
          "test": "simple_ir"
        },
        "original_key": "simple_ir_add_function",
        "response": {"intent": {"summary": "…"}, "signature": {"name": "add", "parameters": []}}
      }
    }

- Stores are written exactly as Python's `json.dumps(store, indent=2, sort_keys=True)` writes them,
  plus a trailing newline. Keys are sorted by code point, non-ASCII is escaped, and numbers are
  kept exactly as they were read. A ResponseRecorder store keeps its bytes through a read and
  rewrite.
- Every file liftrec reads (suite, store, journal, --against, receipt) must be a regular file of at most
  1 GiB, and a suite or store at most 512 MiB; anything else is one error line and exit 2, and nothing
  ever waits on a FIFO.
- Keys longer than 100 characters are stored as `hash_` plus the first 16 hex digits of the key's
  SHA-256, with the full key in `original_key`.
- Entries without `metadata.liftrec` are legacy. They are readable, replayable, reported by
  `verify`, and adoptable with `record --adopt`. A bare entry (any value that is not an object
  holding `response`) is read as the response itself and written back untouched.

Request fingerprint

The body liftrec POSTs is `{"prompt", "schema", "max_tokens", "temperature", "top_p"}`, with every
field present and schema names resolved. `request_sha256` is the SHA-256 of that body in RFC 8785
canonical form. `prompt_sha256`, `schema_sha256` and `params_sha256` apply the same function to the
parts, so a stale fixture says what changed. The tests check liftrec's fingerprints against the
independent Python `rfc8785` package.

"""#

    private static let ciText = #"""
Two jobs cover fixtures in CI: `liftrec verify` on every push (offline, fast, no Modal account needed),
and a weekly job that asks the live endpoint again, re-records what drifted, and opens a pull request.

On every push: liftrec verify

One step is enough; it exits 1 on any finding and 2 when it cannot run (a bad flag, an unreadable suite or store):

    mkdir -p reports && liftrec verify --junit reports/liftrec-verify.xml

`--junit FILE` also writes the result as JUnit XML, which GitHub (dorny/test-reporter,
mikepenz/action-junit-report), GitLab (`artifacts:reports:junit`) and Jenkins (`junit`) read. Each suite is a
`<testsuite>` and each case a `<testcase>`. Each error finding is a `<failure>`: its `type` is the problem kind
(`missing`, `stale`, `secret`, …), its `message` is the finding's one-line text (cut at 300 characters), and its
body holds the full text. Warnings (legacy and undated entries, orphans) do not fail a test case; they are listed in
its `<system-out>`. Findings about a store rather than a case (orphans, secrets in entries no case uses) go in one
extra test case per suite named `store <path>`. As in JUnit, `failures` counts failed test cases; `errors` and
`skipped` are always 0. The file is written atomically, so a reporter never reads half of it.

A report path (`--junit`, `--markdown`) that is a regular file, or does not exist yet, is replaced atomically; a
symlink is followed to its target; `-`, a device or a FIFO gets a plain write. A missing directory is an error
(exit 2, before any work), never created. A write that fails, a full device included, exits non-zero with one line.
Every file liftrec reads (suite, store, journal, `--against`, CA bundle) must be a regular file of at most 1 GiB,
and a suite or store at most 512 MiB (a store of 100,000 fixtures is about 200 MB); anything else (a FIFO,
`/dev/zero`, a directory) is one error line and exit 2, without reading or waiting.

When `GITHUB_ACTIONS=true` (GitHub sets it), `verify` also prints every finding as a workflow command, which
Actions shows as an annotation on the run:

    $ liftrec verify --max-age 30d --junit reports/liftrec-verify.xml --quiet
    provider: fixtures/recorded/provider.json
      secret        temperature_test_deterministic_run1
          /metadata/note in store key "temperature_test_deterministic_run1" holds a Modal token (wk-… or ws-…) (rule modal_token); remove it, re-record the fixture and rotate the credential
      expired       max_tokens_quicksort_1024
          recorded 85d 19h ago (2026-09-01T09:00:00Z), older than --max-age 30d; run 'liftrec record --all --suite provider --only max_tokens_quicksort_1024' to record it again
    verify: 9 cases: 7 ok, 1 secret, 1 expired; 0 orphans - FAILED
    ::error title=liftrec verify::provider/temperature_test_deterministic_run1: /metadata/note in store key "temperature_test_deterministic_run1" holds a Modal token (wk-… or ws-…) (rule modal_token); remove it, re-record the fixture and rotate the credential
    ::error title=liftrec verify::provider/max_tokens_quicksort_1024: recorded 85d 19h ago (2026-09-01T09:00:00Z), older than --max-age 30d; run 'liftrec record --all --suite provider --only max_tokens_quicksort_1024' to record it again

Warnings become `::warning` lines. With `--json` the annotations go to stderr, so stdout stays one JSON object.

The GitHub Action

`scripts/github-action` is a composite action that a team's own workflow uses as
`OWNER/liftrec/scripts/github-action@SHA`: OWNER is where your copy of liftrec lives, and SHA the full 40-character
commit to use. Pin a commit SHA: liftrec's repository has no release tags such as `v1`, a branch moves under you, and
from a pinned SHA the build stamps that commit, so `liftrec --version` in the job names it (the action's copy has
no `.git`; with any other ref it says `commit unknown`). It builds liftrec with the build cached between runs (`actions/cache`, keyed on liftrec's sources and the Swift
toolchain), puts `liftrec` and `liftrec-refresh` on `PATH`, and runs one of:

| `command` | what it runs |
| --- | --- |
| `verify` (default) | `liftrec verify --junit JUNIT ARGUMENTS`: annotations on the run, JUnit XML at `junit` (default `reports/liftrec-verify.xml`); the step fails when verify does |
| `refresh` | `liftrec-refresh --report REPORT [--endpoint ENDPOINT] ARGUMENTS`, then a pull request (`peter-evans/create-pull-request`) when fixtures changed |
| `none` | nothing: later steps call `liftrec` themselves |

Other inputs: `arguments` (more options, separated by spaces), `endpoint`, `report` (default `refresh-report.md`),
`pull-request` (`true`), `branch` (`liftrec/refresh-fixtures`), `add-paths` (`fixtures/recorded`), `token`
(`github.token`), `working-directory` (`.`). Outputs: `status` (the command's exit status) and `pull-request-url`.
It needs Swift 6 on the runner, e.g. `container: swift:6.3`. The first run makes the release build (about 2.5
minutes on 2 cores); later runs restore it from the cache. On every push:

    name: Fixtures
    on: [push, pull_request]

    jobs:
      fixtures:
        runs-on: ubuntu-latest
        container: swift:6.3
        steps:
          - uses: actions/checkout@v4
          - uses: OWNER/liftrec/scripts/github-action@SHA
            with:
              command: verify
              arguments: --strict
          - uses: mikepenz/action-junit-report@v5
            if: always()
            with:
              report_paths: reports/liftrec-verify.xml

What `verify` reports, each case under one status (the most serious finding) and every finding under its kind in
`--json`: `missing`, `secret`, `error` (an error reply where a result was expected), `unexpected_ok`, `truncated`,
`stale` (the prompt, schema or parameters changed since recording), `invalid` (schema violations), `expired`,
`legacy` and `undated` (warnings unless `--strict`), and `ok`.

Secrets. `verify` searches every store it reads, member names and strings at any depth, for a Modal token
(`wk-` or `ws-` followed by 8 or more letters or digits), an `Authorization:` header value or a `Bearer` token
(8 or more token characters including a digit, so "the bearer of" is not one), a URL with a password
(`scheme://user:pass@host`), today's API key shapes, each after a word boundary and with a minimum length so
prose is not mistaken for one (OpenAI `sk-`, `sk-proj-`, `sk-svcacct-` and Anthropic `sk-ant-` with 20 or more key
characters, Google `AIza` and 35, GitHub `ghp_` and `github_pat_`, AWS `AKIA` and 16, JSON Web Tokens `eyJ…`), and
the current values of `MODAL_KEY`, `MODAL_SECRET` and every variable a suite's `auth_env` names. Each match is a
`secret` finding (exit 1) that names the store key, the JSON pointer inside the entry and the rule (`modal_token`,
`authorization`, `url_credentials`, `openai_key`, `anthropic_key`, `google_key`, `github_token`, `aws_access_key`,
`jwt`, `modal_key_value`, `modal_secret_value`, `auth_env_value`), never the secret itself. A secret in an entry no
case uses is a finding about the store. Suites are searched too, since a learned case carries the request as the
client sent it: a key pasted into a prompt is a `secret` finding on its case.

Expiry. `liftrec verify --max-age 30d` (also `12h`, `2w`) reports a fixture whose
`metadata.liftrec.recorded_at` is older than that as `expired`, an error with `recorded_at`, `age` and
`age_seconds` in `--json`. A fixture with no recording date (legacy ResponseRecorder entries, adopted ones) or an
unreadable one cannot be shown to be fresh: it is reported as `undated`, a warning unless `--strict`. A fixture
exactly `--max-age` old still passes. Age depends on the day the job runs, so use `--max-age` in a scheduled job
rather than on every push; `liftrec record --all --only KEY` records an expired fixture again.

Markdown. `--markdown FILE` on `verify`, `diff` and `record` writes the report as a summary table (one row per
suite, one column per status) followed by the cases that need attention, ready to paste into a pull request:

    ## liftrec verify: FAILED

    | Suite | Store | Cases | ok | secret | expired | Errors | Warnings |
    | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
    | provider | `fixtures/recorded/provider.json` | 9 | 7 | 1 | 1 | 2 | 0 |

    **Summary:** cases 9 · ok 7 · secret 1 · expired 1 · orphans 0 · secrets 1 · simulated 0

    ### provider

    - `temperature_test_deterministic_run1`: **secret**
      - /metadata/note in store key "temperature\_test\_deterministic\_run1" holds a Modal token (wk-… or ws-…) (rule modal\_token); remove it, re-record the fixture and rotate the credential
    - `max_tokens_quicksort_1024`: **expired**
      - recorded 85d 19h ago (2026-09-01T09:00:00Z), older than --max-age 30d; run 'liftrec record --all --suite provider --only max\_tokens\_quicksort\_1024' to record it again

A `diff` report's heading says what differed, `## liftrec diff: differences found (2 changed, 1 missing); 2
updated in the store` with `--update`, or `no differences`, rather than passed or FAILED: differences are what diff
is run to find. The details stop short of GitHub's 65,536-character limit for a pull-request body and say so; `--json` always has
everything. Report files never contain the values of `MODAL_KEY` or `MODAL_SECRET`.

Weekly: liftrec-refresh

    liftrec-refresh [--root DIR] [--endpoint URL|sim] [--report FILE] [--suite NAME]...

`scripts/install` installs it beside `liftrec`; in liftrec's own repository it is `scripts/refresh-fixtures`.

It runs `liftrec diff --update` (ask the endpoint again, store the answers that changed), `liftrec record` (record
what is missing or stale), `liftrec prune` (drop entries no case uses) and `liftrec verify`, and gathers their
Markdown reports into `--report` (stdout without it). One `diff --update` both reports and stores drift, so each
live call is paid for once. Its exit status tells the job what to do:

| Exit | Meaning |
| ---: | --- |
| 0 | no store file changed |
| 1 | fixtures were updated: commit them and open a pull request |
| 2 | failure: bad arguments, no endpoint, failed recordings, or a `verify` that does not pass |

"Changed" compares the bytes of every store file before and after. It runs the `liftrec` installed beside it
(`$LIFTREC` overrides that; `scripts/refresh-fixtures` in liftrec's repository builds `swift build -c release`).
Tried in a new project holding only `fixtures/suites/provider.json`, with the simulator:

    $ liftrec-refresh --endpoint sim --report refresh-report.md 2>refresh.log; echo "exit $?"
    exit 1
    $ head -3 refresh-report.md
    # Fixture refresh

    Fixtures were re-recorded: review the changes below before merging.
    $ liftrec-refresh --endpoint sim --report refresh-report.md 2>/dev/null; echo "exit $?"
    exit 0

From cron, Mondays at 05:17, with liftrec installed in `/usr/local` (cron's `PATH` is short, so the path is
spelled out; the endpoint comes from `MODAL_ENDPOINT_URL` or the suite):

    17 5 * * 1  cd /srv/myproject && git pull -q && /usr/local/bin/liftrec-refresh --report /var/tmp/liftrec-refresh.md >>/var/log/liftrec-refresh.log 2>&1

As a scheduled GitHub Actions workflow (`.github/workflows/refresh-fixtures.yml` in your project) that opens a
pull request with the report as its body. `MODAL_KEY` and `MODAL_SECRET` come from repository secrets and reach
only the environment of the action's step; liftrec never prints, stores or reports them. Only `fixtures/recorded`
is committed:

    name: Refresh LLM fixtures
    on:
      schedule:
        - cron: "17 5 * * 1"
      workflow_dispatch:

    permissions:
      contents: write
      pull-requests: write

    jobs:
      refresh:
        runs-on: ubuntu-latest
        container: swift:6.3
        timeout-minutes: 60
        steps:
          - uses: actions/checkout@v4
          - uses: OWNER/liftrec/scripts/github-action@SHA
            env:
              MODAL_KEY: ${{ secrets.MODAL_KEY }}
              MODAL_SECRET: ${{ secrets.MODAL_SECRET }}
              MODAL_ENDPOINT_URL: ${{ vars.MODAL_ENDPOINT_URL }}
            with:
              command: refresh
              report: refresh-report.md
          - uses: actions/upload-artifact@v4
            if: always()
            with:
              name: refresh-report
              path: refresh-report.md
              if-no-files-found: ignore

Splitting a long recording: record --shard I/N

`liftrec record --shard 2/4` records only the second of four parts of the cases, so a long recording can run on
several machines at once; the parts differ in size by at most one case, and the summary names the cases that
belong to other shards. Every shard writes the whole store, holding the fixtures it recorded and the ones it was
given; `liftrec merge STORE...` folds the shards' stores into the suite's store, keeping for each key the fixture
recorded last, and says which file each came from. In a project of several suites, the store merged into is the
one whose file name the shard stores share (`provider.json` below); when no store or more than one has that name,
name the suite with `--suite NAME`:

    jobs:
      record:
        runs-on: ubuntu-latest
        container: swift:6.3
        strategy:
          matrix:
            shard: [1, 2, 3, 4]
        steps:
          - uses: actions/checkout@v4
          - run: swift build -c release
          - run: .build/release/liftrec record --shard ${{ matrix.shard }}/4
            env:
              MODAL_KEY: ${{ secrets.MODAL_KEY }}
              MODAL_SECRET: ${{ secrets.MODAL_SECRET }}
              MODAL_ENDPOINT_URL: ${{ vars.MODAL_ENDPOINT_URL }}
          - uses: actions/upload-artifact@v4
            with:
              name: shard-${{ matrix.shard }}
              path: fixtures/recorded/
      merge:
        needs: record
        runs-on: ubuntu-latest
        container: swift:6.3
        steps:
          - uses: actions/checkout@v4
          - uses: actions/download-artifact@v4
            with:
              pattern: shard-*
              path: shards
          - run: swift build -c release
          - run: .build/release/liftrec merge shards/shard-*/provider.json
          - run: .build/release/liftrec verify
          - uses: actions/upload-artifact@v4
            with:
              name: fixtures
              path: fixtures/recorded/

Tried with three shards of the provider suite and the simulator: the shards recorded 3 cases each, and after
`liftrec merge`, `liftrec verify` passed with `9 cases: 9 ok`. The merge job can end with the same
`create-pull-request` step as the weekly workflow.

EXIT STATUS

| code | meaning |
| --- | --- |
| 0 | all good |
| 1 | the command ran and found problems: failed recordings, drift, misses, verify findings |
| 2 | usage or configuration error: bad flag, unreadable suite, corrupt store, no endpoint, store locked |
| 130 | interrupted |

Every error is one line on stderr that names the thing at fault, with `file:line:column` for
invalid JSON, and where possible the fix. With `--json`, stdout also carries
`{"error": {"kind", "message", "file"?, "line"?, "column"?}}`, where `kind` is one of `usage`,
`invalid_json`, `suite`, `store`, `io`, `endpoint` or `locked`.

`--json` reports are a contract for scripts. Every command prints one object:
`{"command", "liftrec_version", "ok", "suites": [{"name", "store", "cases": [{"key", "status", "problems": [{"kind", "pointer"?, "message", "severity", ...}]}], "store_problems": [...]}], "summary": {...}}`.

"""#

    private static let protocolsText = #"""
FAITHFUL REPLIES AND PROTOCOLS

A fixture keeps the endpoint's reply as it was received, in `metadata.liftrec.reply`:

    "reply": {"status": 200, "body": {"finish_reason": "stop", "generation_time_ms": 13290.5, "tokens_used": 123}, "response_member": "ir_json"}

`body` holds every member the endpoint sent, with its value (secrets redacted). The structured output is the
fixture's `response` already, so it is not stored twice: `response_member` names the body member it came from,
and replay puts it back there. `replay` and `replay --serve` answer with exactly those members and that HTTP
status: the real endpoint's `{"error": "Missing required field: prompt", "status": 400}` comes back as it was,
with no `raw_output` added. Fixtures recorded before this have no `reply` and replay as before.

A case whose honest answer may be a result or an error reply says `"expect": "any"`.

A suite names the wire protocol its endpoint speaks with `"protocol"`, and a case may name its own:

| `protocol` | requests | truncated | key |
|---|---|---|---|
| `modal` (default) | `POST` the generate URL, `{"prompt", "schema", "max_tokens", "temperature", "top_p"}` | `finish_reason` `length`, `json_error` | `MODAL_KEY`, `MODAL_SECRET` |
| `openai-chat` (OpenAI, vLLM, Ollama, LM Studio, llama.cpp) | `POST {base}/v1/chat/completions` | `finish_reason` `length` | `Authorization: Bearer $OPENAI_API_KEY` |
| `anthropic-messages` | `POST {base}/v1/messages`, `anthropic-version: 2026-10-21` | `stop_reason` `max_tokens` | `x-api-key: $ANTHROPIC_API_KEY` (clients may send `Authorization: Bearer`) |
| `openai-responses` (OpenAI's Responses API) | `POST {base}/v1/responses`, typed `response.*` events when streamed | `status` `incomplete` for `max_output_tokens` | `Authorization: Bearer $OPENAI_API_KEY` |
| `gemini` (google-genai, lift-sys's `GeminiProvider`) | `POST {base}/v1beta/models/{model}:generateContent` (or `/v1/`), `:streamGenerateContent?alt=sse`; health `GET {base}/v1beta/models` | `finishReason` `MAX_TOKENS`; `SAFETY`, `RECITATION` and other blocks are error replies | `x-goog-api-key` or `?key=`, from `$GOOGLE_API_KEY`, then `$GEMINI_API_KEY` |

A Gemini case keeps its `"model"` beside `"request"`: the model is in the path, and is part of the fingerprint;
the API version (`v1`/`v1beta`) and the `stream…` verb are not. Member names count the same in camelCase and in
the proto's snake_case (`generation_config` is `generationConfig`), except inside user data (`properties` names,
function `args`), and schema type names compare case-insensitively (`OBJECT` is `object`).

A CHAT CASE IS THE REQUEST

For the chat protocols a case is the request the client sends. A learned case keeps it whole, as `"request"`, in
RFC 8785 form; a hand-written one may give `"request"` or the shorthand, which builds only the members it names:

    {"key": "weather", "prompt": "Weather in Oslo?", "system": "Be terse.", "seed": 7, "tool_choice": "required",
     "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]}

Shorthand fields: `prompt` (one user message; the Responses API's `input`) or `messages`, `system` (Responses:
`instructions`), `schema` (a strict `response_format`; for Anthropic a forced tool named `output`; for Responses
`text.format`), `tools` and `tool_choice` in the protocol's own shape, and
`max_tokens`, `temperature`, `top_p`, `seed`, `stop`. The suite's `model` and the members its `defaults` name are
added; no protocol default is ever filled in, so a member the client leaves out stays out.

The fingerprint is SHA-256 of the RFC 8785 form of `{"protocol", "request"}`: every member counts (`messages`,
`tools`, `tool_choice`, `seed`, `stop`, `n`, `response_format`, `max_tokens`, `temperature`, ...) except these,
which do not change the answer:

    openai-chat,        stream, stream_options, user, metadata, store, service_tier, safety_identifier,
    openai-responses    prompt_cache_key, prompt_cache_retention
    anthropic-messages  stream, metadata, service_tier

Spellings that are one request to the endpoint are one fingerprint:

    max_completion_tokens: N   =  max_tokens: N
    guided_json: S (vLLM)      =  response_format: {"type": "json_schema", "json_schema": {"schema": S}}
                                  (a name or strict given there counts as given)

Each fixture keeps a digest per member (`metadata.liftrec.members_sha256`), so a stale fixture says which member
changed: `the case's tools changed since it was recorded`. Chat fixtures recorded by 0.2 have no member digests:
they are stale, "recorded under the 0.2 fingerprint", and `record` records them again.

THREE KINDS OF OUTPUT

The request and the reply decide what a test reads, the fixture's `response` (`metadata.liftrec.output` names it):

- structured: a schema from the case, `response_format`, `guided_json`, Anthropic `output_config.format`, a
  forced Anthropic tool, Responses `text.format` or Gemini `responseSchema`/`responseJsonSchema`; `response` is the parsed JSON, checked against the schema (`json_object`: checked to parse);
- tool calls: `[{"name", "arguments"}]` with the arguments parsed, each checked against that tool's declared schema;
  text beside them gives `{"text", "tool_calls"}`;
- text: the string, which must not be empty.

A suite whose cases speak several protocols (a learned one, say) may give `"endpoint"` and `"auth_env"` as an
object keyed by protocol (`{"openai-chat": "https://api.openai.com/v1", "anthropic-messages":
"https://api.anthropic.com"}`), and `record --endpoint PROTOCOL=URL` (repeatable) names one protocol's endpoint
on the command line; a plain `--endpoint URL` serves the rest.

`n` above 1 gives a list, one per choice. Every reply must be a success and not truncated (unless the case says
`"expect": "truncated"`); a reply that fails is never stored, and `record` names the case and exits 1.
`fixtures/suites/openai.json`, `anthropic.json`, `responses.json` and `gemini.json` are examples, recorded from the
simulator:

    $ liftrec record --suite openai --endpoint sim
    $ liftrec verify
    verify: 17 cases: 17 ok; 0 orphans - passed

`replay --serve` answers every protocol at once. A wrapped command gets `MODAL_ENDPOINT_URL` and
`LIFTREC_ENDPOINT` (`http://127.0.0.1:PORT/generate`), `OPENAI_BASE_URL` (`http://127.0.0.1:PORT/v1`, which
covers the Responses API too), `ANTHROPIC_BASE_URL` and `GOOGLE_GEMINI_BASE_URL` (`http://127.0.0.1:PORT`), and a
placeholder `OPENAI_API_KEY` / `ANTHROPIC_API_KEY` where unset, and `GEMINI_API_KEY` where neither it nor
`GOOGLE_API_KEY` is set, so the official clients need no change:

    $ liftrec replay --serve -- pytest tests/   # OpenAI(), Anthropic() and genai.Client() reach the fixtures

The simulator refuses requests that carry no API key with a 401 in their protocol's shape when asked to
(`--endpoint sim:auth=required`), to test what a client does then.

A request with `"stream": true` is answered in the protocol's own events (OpenAI `data:` chunks ending in
`data: [DONE]`; Anthropic `message_start` … `message_stop`, the tool input as `input_json_delta` pieces), made
from the stored reply, so a fixture recorded without streaming serves a streaming client and the text it
assembles is exactly the recorded content. A fixture whose `metadata.liftrec.stream` keeps the events as they
arrived (`[{"event", "data", "offset_ms"}, ...]`) is answered with those events instead.

`record --stream` asks the chat protocols for their replies as streams (`"stream": true`), reads the events as
they arrive, and stores the reply they amount to, as for an unstreamed request, with the events themselves in
`metadata.liftrec.stream`, each with its offset in milliseconds from the request's start. A stream that ends
before its final event (`data: [DONE]`, `message_stop`) is a failed call, never a fixture. Modal requests do not
stream and are sent as they are. An OpenAI chat request built from a case's shorthand also asks for usage
(`"stream_options": {"include_usage": true}`), so `tokens_used` comes from the stream's final usage chunk; a case
given as `"request"` or learned is sent as the client sent it. `replay --serve` gives that usage chunk only to a
client whose request asks for usage.

The events are written over time, not as one body: `--stream-timing none` sends each at once, `recorded` sends
each at its recorded offset (counted from when the answer starts, after any `--latency` delay), and `xFACTOR`
multiplies those offsets (`x0.1` plays ten times faster). Events made from a reply recorded without streaming have no offsets, so they go out without gaps.
The response is chunked (an HTTP/1.0 client gets it until the connection closes).

The end-to-end tests drive the replay server with the official `openai` and `anthropic` Python packages
(`pip install openai anthropic`); without them those tests are skipped and say why.

FORWARDING AND LEARNING

`replay --serve --upstream URL` sends what no fixture answers to URL, a base URL as the client would use it
(`https://api.openai.com/v1`, `http://host:8000`): the request's own path and query are joined to it without
doubling a version segment (`/v1` + `/v1/chat/completions`). For Modal, a URL ending in `/generate` or a
label-style `*--*.modal.run` host is the generate endpoint itself, as before; a bare origin is joined like any
other, so one `--upstream http://HOST:PORT` serves every protocol. `--upstream PROTOCOL=URL` (repeatable) gives
one protocol its own base, and `sim` answers all. The client's body and headers go upstream as sent, and its key
goes nowhere else; liftrec's placeholder key is replaced by the protocol's own variable.

`--record-missing` stores the replies to requests a case makes; `--learn SUITE` also adds each request no case
makes to SUITE (created, with `fixtures/suites/`, when missing; `"origin": "learned"`), named by the client's
`X-Liftrec-Case` header (`[A-Za-z0-9_.-]{1,128}`, else a 400) or `req_` and its fingerprint:

    $ liftrec replay --serve --upstream https://api.openai.com/v1 --record-missing --learn learned -- pytest
    $ liftrec replay --serve --strict -- pytest      # offline: every request a hit

A reply that fails its check reaches the client but is not learned, and the run exits 1 naming it. Each learned
case is appended, fsynced, to `fixtures/suites/.SUITE.json.journal` and its fixture to the store's journal before
the client hears the reply; the suite and store are written once, at the end. `verify` and `replay` read through
the journals, so a run killed midway loses nothing it paid for, and the next learning run or `record` folds them
in and pays only for the rest. The first journal write that fails stops forwarding: further misses get a 503 in
the protocol's shape and the run exits 1, saying how many replies were kept. What liftrec would refuse to learn
(a bad `X-Liftrec-Case`, a mistyped `stream`, a body that is not JSON) is a 400 before the upstream is asked. The
keys a client sends (headers and `?key=`) and every `auth_env` value go upstream only: they are masked wherever
liftrec keeps or prints anything, even when an upstream echoes them.

A miss is a 404 in the protocol's own error shape (OpenAI `{"error": {"message", "type", "code":
"liftrec_no_fixture"}}`, Anthropic `{"type": "error", "error": {"type": "not_found_error", "message"}}`), with
`nearest` and `request_sha256` beside it; the message names the nearest case of the same protocol and what
differs, so the official client's exception shows it. A route liftrec does not serve (`/v1/embeddings`) answers
in the shape of the protocol it resembles, is forwarded under `--upstream`, and counts as a miss for `--strict`,
the summary and the receipt. A `stream` member that is not true or false is a 400.

`prune --unused-in RECEIPT` removes each unused case of a learned suite together with its fixture; a suite written
by hand keeps its cases and their fixtures, and prune lists the unused ones for you to delete.

CHOOSING AN ENDPOINT

liftrec picks the endpoint from `--endpoint URL`, else (for Modal suites only) `LIFTREC_ENDPOINT`, else
`MODAL_ENDPOINT_URL`, else the suite's own `"endpoint"`. It never falls back to the simulator on
its own: if none of these is set, `record` and live `diff` exit 2 and say how to choose one.

    export MODAL_ENDPOINT_URL=https://your-workspace--generate.modal.run
    export MODAL_KEY=wk-...          # only when the endpoint requires proxy auth
    export MODAL_SECRET=ws-...
    liftrec record --suite provider --dry-run     # plan and estimated cost; sends nothing
    liftrec record --suite provider               # health check, warm-up, then the missing and stale cases

- Label-style URLs (`https://ws--generate.modal.run`) find their siblings `--health` and
  `--warmup`. Path-style URLs (`http://host:port/generate`) use `/health` and `/warmup`.
- `MODAL_KEY` and `MODAL_SECRET` are sent as `Modal-Key` and `Modal-Secret`. Their values are
  masked in everything liftrec prints or stores, and stored endpoints carry neither userinfo nor a
  query string.
- A 401 says `Modal proxy auth failed: set MODAL_KEY and MODAL_SECRET`.
- `record` and live `diff` load libcurl (`libcurl.so.4`, from the `libcurl4` package) the first
  time they send a request. The offline commands never load it, so `verify` also runs where no
  libcurl is installed.

HTTPS BEHIND A COMPANY CA, AND PROXIES

HTTPS endpoints are verified against the system's CA certificates. An endpoint whose certificate comes from your
own CA (or a TLS-inspecting proxy) needs that CA trusted, as with curl:

    liftrec record --suite provider --cacert /etc/company/ca.pem
    export SSL_CERT_FILE=/etc/company/ca.pem      # or CURL_CA_BUNDLE, as curl and Python's requests read them

`--cacert FILE` (on `record` and `diff`) wins over `CURL_CA_BUNDLE`, which wins over `SSL_CERT_FILE`; the file
is PEM and is trusted in addition to the system's CA directory. A missing or unreadable file, or one holding no
PEM certificate, is one error line and exit 2 before any request. Without the CA, the certificate check fails
with libcurl's reason, e.g. `... failed: TLS failed with https://127.0.0.1:42535/health: SSL certificate problem:
self-signed certificate; check the URL's scheme, and for a private CA pass --cacert FILE or set SSL_CERT_FILE`.
Proxies come from `HTTPS_PROXY`, `https_proxy`, `ALL_PROXY` and `NO_PROXY`, as libcurl reads them.

HOW RECORD SENDS

    liftrec record [--suite NAME]... [--endpoint URL|sim[:k=v,...]] [--cacert FILE] [--only KEY]... [--all]
                   [--concurrency N] [--retries N] [--timeout S] [--warmup-timeout S]
                   [--max-cost USD] [--shard I/N] [--dedupe] [--stream] [--wait-lock S] [--dry-run] [--adopt]

- Plan. Missing and stale cases are recorded, each with the reason. `--all` re-records
  everything and `--only` restricts the run. `--shard i/n` takes a stable share of the cases by key
  hash, for CI matrices. `--dry-run` prints the plan, its estimated cost, and how much of it
  `--max-cost` would cover, and sends nothing. It still needs an endpoint chosen, as the real run
  does.
- Preflight. A health check, then one warm-up call under `--warmup-timeout` (default 600 s).
  Cases marked `"warmup": true` run first, alone.
- Sending. Up to `--concurrency` requests (default 4) are in flight at once.
  - 429, 5xx, timeouts and connection errors are retried up to `--retries` times (default 3),
    with exponential backoff and jitter, honouring `Retry-After`. Other 4xx codes are not retried.
  - `--max-cost USD` never starts a request that would take the estimate past the budget. Cases
    left out are reported as `unrecorded`.
  - Each case is its own call, even when two cases send the identical request. `--dedupe` sends
    identical requests once and stores the reply under every key that asked for it.
- Validation. Every reply is checked before it is stored. An error reply or truncation where
  the case expects a result fails the case, and so does a schema violation; neither is stored. An
  expected error reply is stored as an error fixture.
- Durability.
  - Each fixture is appended to `.NAME.json.journal` beside the store and fsynced before it is
    reported as recorded, so `kill -9` at any moment loses nothing already paid for. Readers lay
    the journal over the store, and the next writer folds it in.
  - The store itself is rewritten once per run, atomically. A store that is a symlink is written through to
    its target, in the target's directory, and the link stays; a link whose target does not exist is refused,
    naming the target, rather than creating it. A read-only store (no write bit, even for root), a FIFO or a
    device is refused before any request is sent.
  - When the journal cannot be written (a full disk), no further request is sent: the calls in flight finish,
    the run exits 1 and says how many replies were kept, and a rerun after freeing space records only the rest.
    `diff --update` and `replay --serve --record-missing` stop the same way.
  - A second writer waits `--wait-lock S` (default 0) and then exits 2 with error kind `locked`.
  - Ctrl-C stops launching requests, gives those in flight 2 s to settle, keeps what completed,
    and exits 130.
- Summary. Recorded, skipped and failed counts, tokens, latency p50/p95, the estimated cost
  (the suite's `usd_per_request` times the requests actually sent) and the wall time.
- `--adopt` needs no endpoint. It writes `metadata.liftrec` (current fingerprints,
  `"adopted": true`) into legacy entries whose key matches a case, without re-recording them.

The simulator is selected with `--endpoint sim[:latency=200ms,cold-start=2s,fail-every=5,rate-limit-every=7,retry-after=1s,truncate-under=100,seed=1]`.
For streamed replies (`record --stream`), `stream-gap=50ms` spaces its events and `cut-stream-every=N` ends every
Nth stream before its final event; `--endpoint sim` gives its events those offsets without waiting them out,
while a simulator served over HTTP sends each at its time. `auth=required` refuses requests that carry no API key
with a 401. Its durations need their unit (`ms`, `s`, `m` or `h`, at most `1h`).
It answers deterministically with schema-conforming JSON (`$ref`, `enum`, `pattern` and length
bounds included), varies its answers above temperature 0 as a real model does, and reports its
model as `liftrec-simulator`.

REPLAY --SERVE: A LOCAL ENDPOINT FROM THE FIXTURES

`liftrec replay --serve` serves the fixtures over HTTP, impersonating the Modal endpoint. Point an
unchanged client at it and it gets the recorded answers, offline:

    liftrec replay --serve --strict -- pytest tests/integration

- Given a command after `--`, liftrec starts the server and runs the command with
  `MODAL_ENDPOINT_URL` and `LIFTREC_ENDPOINT` set to the generate URL. It stops the server when the
  command ends and exits with the command's status; a command killed by signal N gives 128+N.
- Signals reach the child, even one that arrives while the child is starting, and the server never
  outlives it. With `--strict`, a miss turns a status of 0 into 1, and the misses are listed on
  stderr. A `--` with nothing after it is a usage error.
- Without a command, the first line on stdout is the generate URL (`http://127.0.0.1:41233/generate`
  with `--port 0`). SIGINT or SIGTERM stops the server within 2 s and prints its statistics.

Routes:

| route | answer |
| --- | --- |
| `POST /generate`, and `POST /` for label-style hosts | the recorded reply in the endpoint's shape; error fixtures get their error reply (HTTP 200, as Modal sends it) |
| `GET /health`, `GET /warmup` | the endpoint's shapes, with `model` naming the replay |
| `POST /v1/chat/completions`, `POST /v1/messages`, `POST /v1/responses` (also without `/v1`) | the recorded reply, or its protocol's events for `"stream": true` |
| `GET /v1/models` | a model list naming the replay |
| any other path | a miss in the shape of the protocol it resembles, forwarded as it is under `--upstream` |
| `GET /__liftrec/stats` | hits, misses and a count per key |
| `GET /__liftrec/journal` | the last 10,000 requests, oldest first: time, method, path, status, latency, and the suite and key each hit, or the miss and its nearest case |

Lookup and misses:

- A request is matched by its fingerprint (see `liftrec help formats`): a Modal request with missing fields filled
  from the endpoint's defaults, a chat request as it is (see A CHAT CASE IS THE REQUEST above).
- When several cases of a suite send the identical request (the provider suite's two
  `temperature_test_deterministic_run*` cases), successive requests get their fixtures in suite
  order, and the last one repeats after that.
  The sequence is kept per `X-Liftrec-Test` header value when a client sends one (for example
  the pytest node id), and per server otherwise, so parallel test workers do not take each
  other's turns.
- With several suites, the first suite given that has a fixture answers.
- A Modal miss gets `404 {"error": "liftrec: no fixture for this request; the nearest case is …", "nearest": {"suite",
  "key", "differs": [...]}, "request_sha256"}`, a chat miss the same in its protocol's error shape, plus one stderr
  line naming the closest case of the same protocol and what differs.

Other options:

- `--latency none|recorded|DURATION` delays replies by a duration with its unit (`200ms`, `1.5s`); `recorded` replays
  `generation_time_ms`.
- `--stream-timing none|recorded|xFACTOR` paces the events of a streamed answer: at once, at their recorded
  offsets, or at those offsets times a factor (`x0.1`); see `liftrec help protocols`.
- `--fail-every N` answers every Nth generate with a 500, to exercise a client's retries.
- `--upstream URL|sim` forwards misses to a live endpoint. With `--record-missing`, the replies are
  validated and stored under the same durability, locking and secret rules as `record`, so the next
  identical request is a hit.

The serving options (`--host`, `--port`, `--max-body`, `--latency`, `--stream-timing`, `--fail-every`, `--strict`,
`--upstream`, `--record-missing`) are usage errors without `--serve`, and the live-diff options are
usage errors with `diff --against`, so an option never silently does nothing.

The server binds 127.0.0.1 unless `--host` says otherwise, and then warns about a non-loopback
address. It keeps connections alive and answers pipelined requests in order. It enforces limits:
8 KiB request line (414), 64 KiB of headers (431), `--max-body` (default 16 MiB, 413), and a
deadline on the header phase (408), so a slow client cannot hold up others. A malformed request, or
one with both `Content-Length` and `Transfer-Encoding` or conflicting `Content-Length`s, gets 400
and the connection is closed. It keeps at most 512 connections open; a keep-alive connection idle for
60 s is closed. At the cap, a new client closes the connection that has been idle longest, so a client
pool's idle connections never lock others out; only when none is idle is the new client answered 503
with `Retry-After: 1`.

DIFF

- `liftrec diff --against OTHER_STORE [--ignore POINTER]...` compares two stores case by case.
  Each case is `same`, `changed` (values only), `reshaped` (keys or types differ) or `missing`,
  or `text_changed` when only the wording of a chat text output changed (text differs from sample
  to sample by nature), and the path-level differences are listed:

  ```
  /signature/parameters/0/type_hint: "int" → "integer"
  ```

- Without `--against`, `diff` sends each stored case to the live endpoint and compares the reply
  with the fixture. Besides the statuses above, a case can come out `invalid` (the live reply fails
  its schema) or `error` (the live reply is an error).
  - `--samples K` sends each request K times. When the live replies disagree among themselves, the
    case is `unstable` and the pointers that vary are listed, because that is the endpoint's own
    nondeterminism rather than drift.
  - `--update` writes the differing live replies into the store.
  - `--fail-on changed|reshaped|unstable|never` (default `changed`) chooses which differences exit 1.
    `changed` counts what a test can depend on: for text outputs the kind, truncation, errors, tool
    names and validity, not the wording; `unstable` counts every difference, `text_changed` too.
  - Concurrency, retries, `--max-cost` (which counts every sample) and the secret rules are the
    same as for `record`.

"""#
}
