#!/usr/bin/env bash
# The walk of an award cycle with curl, against `make run` (http://127.0.0.1:5000 by default):
# the demo Nantong office opens a cycle on its 2023 rules, an organisation registers and applies,
# the office approves the account, records the local recommendation, closes the application
# window, screens, confirms the conditions only people can judge, and accepts. Every step is in the
# tenant's audit trail. Run it once per fresh `make run` (it opens the cycle of the current year).
set -euo pipefail
API=${API:-http://127.0.0.1:5000/api/v1}
TENANT=${TENANT:-demo-nantong}
YEAR=$(date +%Y)
TODAY=$(TZ=Asia/Shanghai date +%F)
day() { TZ=Asia/Shanghai date -d "$1" +%F; }   # a day relative to today, in Asia/Shanghai
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }   # read a field of the JSON answer
call() {  # curl; on an error status, print the JSON error and stop
  local out code
  out=$(curl -sS -w '\n%{http_code}' "$@")
  code=${out##*$'\n'}
  if [[ $code != 2* ]]; then echo "HTTP $code from curl $*: ${out%$'\n'*}" >&2; return 1; fi
  printf '%s\n' "${out%$'\n'*}"
}
json=(-H 'Content-Type: application/json')

# 1. the central admin gives the demo Nantong office an office admin, who logs in
CENTRAL=$(call -X POST "$API/auth/login" "${json[@]}" -d "$(cat "${CREDENTIALS:-instance/demo-credentials.json}")" | j 'd["access_token"]')
TENANT_ID=$(call "$API/admin/tenants?limit=200" -H "Authorization: Bearer $CENTRAL" \
  | j "[t['id'] for t in d['items'] if t['code'] == '$TENANT'][0]")
call -X POST "$API/admin/tenants/$TENANT_ID/admins" -H "Authorization: Bearer $CENTRAL" "${json[@]}" \
  -d '{"username": "walk-admin", "password": "walk-admin-password"}' >/dev/null || true   # kept from an earlier run
OFFICE=$(call -X POST "$API/auth/login" "${json[@]}" \
  -d "{\"tenant\": \"$TENANT\", \"username\": \"walk-admin\", \"password\": \"walk-admin-password\"}" | j 'd["access_token"]')
AUTH=(-H "Authorization: Bearer $OFFICE")

# 2. open the cycle on the 2023 text named on purpose (in force by default: the version of today),
#    and date the application window: it opened a month ago and closes today (the last day included,
#    Asia/Shanghai)
CYCLE=$(call -X POST "$API/cycles" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-open-$YEAR" \
  -d "{\"year\": $YEAR, \"rule_version\": \"2023\"}" | j 'd["id"]')
STAGE=$(call "$API/cycles/$CYCLE" "${AUTH[@]}" | j '[(s["code"], s["version"]) for s in d["stages"] if s["kind"] == "application"][0]')
CODE=$(echo "$STAGE" | python3 -c "import ast,sys; print(ast.literal_eval(sys.stdin.read())[0])")
VERSION=$(echo "$STAGE" | python3 -c "import ast,sys; print(ast.literal_eval(sys.stdin.read())[1])")
call -X PATCH "$API/cycles/$CYCLE/stages/$CODE" "${AUTH[@]}" "${json[@]}" -H "If-Match: \"$VERSION\"" \
  -d "{\"starts_on\": \"$(day '31 days ago')\", \"ends_on\": \"$TODAY\"}" >/dev/null

# 3. an organisation registers itself for the cycle (统一社会信用代码 checked, GB 32100-2015);
#    the office approves the account
call -X POST "$API/registrations" "${json[@]}" -d "{\"tenant\": \"$TENANT\", \"cycle_id\": $CYCLE,
  \"kind\": \"organization\", \"name\": \"示例制造有限公司\", \"uscc\": \"91320600MA1W7XQK04\",
  \"username\": \"walk-applicant\", \"password\": \"walk-applicant-password\"}"
APPLICANT=$(call "$API/applicants?status=pending" "${AUTH[@]}" | j '[a["id"] for a in d["items"] if a["name"] == "示例制造有限公司"][0]')
call -X POST "$API/applicants/$APPLICANT/approve" "${AUTH[@]}" "${json[@]}" -d '{"note": "营业执照核验无误"}' >/dev/null
ORG=(-H "Authorization: Bearer $(call -X POST "$API/auth/login" "${json[@]}" \
  -d "{\"tenant\": \"$TENANT\", \"username\": \"walk-applicant\", \"password\": \"walk-applicant-password\"}" | j 'd["access_token"]')")

# 4. a draft, saved half-filled, then completed and submitted (idempotent: a retry replays the answer)
APP=$(call -X POST "$API/applications" "${ORG[@]}" "${json[@]}" -H "Idempotency-Key: walk-draft-$YEAR" \
  -d "{\"cycle_id\": $CYCLE, \"entry_kind\": \"organization\", \"tiers\": [\"award\"], \"facts\": {\"name\": \"示例制造有限公司\"}}" | j 'd["id"]')
ETAG=$(curl -sSI "$API/applications/$APP" "${ORG[@]}" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
call -X PATCH "$API/applications/$APP" "${ORG[@]}" "${json[@]}" -H "If-Match: $ETAG" -d '{"facts": {
  "name": "示例制造有限公司", "registration_city": "南通市", "independent_legal_person": true, "founded_on": "2015-03-01",
  "is_industrial": true, "excellence_model_since": "2020-01-01", "chief_quality_officer": true,
  "environmental_credit_rating": "blue", "safety_standardisation_level": 2,
  "honours": [{"kind": "county_government_quality_award", "awarded_on": "2021-06-01"}],
  "environmental_credit_history": [{"year": 2021, "rating": "blue"}, {"year": 2022, "rating": "green"},
                                   {"year": 2023, "rating": "blue"}]}}' >/dev/null
call -X POST "$API/applications/$APP/submit" "${ORG[@]}" -H "Idempotency-Key: walk-submit-$YEAR" | j 'd["status"]'

# 5. the office records the local recommendation (2023 第十八条: an internal notice of at least
#    5 working days without objection, then the local committee's recommendation)
call -X PUT "$API/applications/$APP/recommendation" "${AUTH[@]}" "${json[@]}" -d "{
  \"recommender\": \"崇川区质量发展委员会\", \"recommended_on\": \"$(day '14 days ago')\", \"document_number\": \"崇质发〔$YEAR〕3号\",
  \"internal_notice_starts_on\": \"$(day '30 days ago')\", \"internal_notice_ends_on\": \"$(day '15 days ago')\", \"objections\": \"\"}" >/dev/null

# 6. the office closes the window (dated to yesterday: audited with both dates) and moves the cycle
#    to screening; the move is refused, with its conditions and articles, while the window is open
YESTERDAY=$(day yesterday)
VERSION=$(call "$API/cycles/$CYCLE" "${AUTH[@]}" | j "[s['version'] for s in d['stages'] if s['code'] == '$CODE'][0]")
call -X PATCH "$API/cycles/$CYCLE/stages/$CODE" "${AUTH[@]}" "${json[@]}" -H "If-Match: \"$VERSION\"" \
  -d "{\"starts_on\": \"$(day '31 days ago')\", \"ends_on\": \"$YESTERDAY\"}" >/dev/null
call -X POST "$API/cycles/$CYCLE/advance" "${AUTH[@]}" | j 'd["stage"]'

# 7. screening from the stored facts and the office's own ledger; the office confirms each condition
#    only people can judge, with a note, then accepts
SCREENING=$(call -X POST "$API/applications/$APP/screenings" "${AUTH[@]}" "${json[@]}" -d '{}')
SID=$(echo "$SCREENING" | j 'd["id"]')
for CONDITION in $(echo "$SCREENING" | j '" ".join(f["condition"] for f in d["findings"] if f["outcome"] == "needs_attestation")'); do
  call -X POST "$API/screenings/$SID/attestations" "${AUTH[@]}" "${json[@]}" \
    -d "{\"condition\": \"$CONDITION\", \"holds\": true, \"note\": \"经核实\"}" >/dev/null
done
call -X POST "$API/applications/$APP/accept" "${AUTH[@]}" "${json[@]}" -d '{}' | j 'd["status"]'

# 8. the cycle's applications as the office and as the applicant; the audit trail of it all
call "$API/applications?cycle_id=$CYCLE" "${AUTH[@]}" | j '[(a["id"], a["status"]) for a in d["items"]]'
call "$API/applications" "${ORG[@]}" | j '[(a["id"], a["status"]) for a in d["items"]]'
call "$API/audit-events?limit=200" "${AUTH[@]}" | j 'sorted({e["action"] for e in d["items"]})'

# 9. the review (评审): the cycle moves on to the materials review; the office builds its expert pool
#    (each judged by the qualifications of the rules: the office confirms what no record shows), one
#    of them employed by the applicant, so never drawn for it
call -X POST "$API/cycles/$CYCLE/advance" "${AUTH[@]}" | j 'd["stage"]'
QUALIFIED='"title": "senior", "practice_started_on": "2000-01-01", "born_on": "1975-06-01", "attested": [
  "policy_and_law", "excellence_training", "analysis_and_communication", "discipline", "recognised_background",
  "quality_practice", "good_health", "judge_or_winner"]'
for N in 1 2 3 4; do
  USER=$(call -X POST "$API/users" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-expert-user-$N" \
    -d "{\"username\": \"walk-expert-$N\", \"password\": \"walk-expert-password\", \"role\": \"expert\"}" | j 'd["id"]')
  EMPLOYER=$([[ $N == 4 ]] && echo '"employer_name": "示例制造有限公司", "employer_uscc": "91320600MA1W7XQK04",' || echo '')
  call -X POST "$API/experts" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-expert-$N" \
    -d "{\"name\": \"专家$N\", $EMPLOYER \"user_id\": $USER, $QUALIFIED}" >/dev/null
done
declare -A EXPERT_TOKEN   # each expert logs in once (logins are limited per address)
for N in 1 2 3 4; do
  EXPERT_TOKEN[$N]=$(call -X POST "$API/auth/login" "${json[@]}" \
    -d "{\"tenant\": \"$TENANT\", \"username\": \"walk-expert-$N\", \"password\": \"walk-expert-password\"}" | j 'd["access_token"]')
done
call -X PUT "$API/tenant/settings/review_aggregation" "${AUTH[@]}" "${json[@]}" -H 'If-Match: "0"' \
  -d '{"value": "mean"}' >/dev/null   # Nantong's text does not say how sheets combine: the office does

# 10. every review stage: (the on-site review is gated: at most 1.5 x the planned organisation
#     winners enter, 2023 第二十一条) a panel of 3 (第二十条), a draw committed (pool and seed hashes
#     published) then revealed and re-run, each drawn expert confirms and scores GB/T 19580's seven
#     categories, the stage's results, and on to the next stage
for STAGE in materials_review on_site_review presentation; do
  if [[ $(call "$API/cycles/$CYCLE/stages/$STAGE/entrants" "${AUTH[@]}" | j 'd["gated"]') == True ]]; then
    call -X POST "$API/cycles/$CYCLE/stages/$STAGE/entrants" "${AUTH[@]}" "${json[@]}" -d "{\"application_ids\": [$APP]}" >/dev/null
  fi
  PANEL=$(call -X POST "$API/cycles/$CYCLE/panels" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-panel-$STAGE" \
    -d "{\"stage\": \"$STAGE\", \"name\": \"$STAGE 第一组\", \"seats\": 3, \"application_ids\": [$APP]}" | j 'd["id"]')
  DRAW=$(call -X POST "$API/panels/$PANEL/draws" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-draw-$STAGE" -d '{}')
  echo "$DRAW" | j '"committed: pool " + d["pool_hash"][:16] + "… seed " + d["seed_hash"][:16] + "…"'
  call -X POST "$API/draws/$(echo "$DRAW" | j 'd["id"]')/reveal" "${AUTH[@]}" | j '"drawn: " + str(d["drawn"]) + ", excluded: " + str([(e["expert_id"], e["reasons"][0]) for e in d["excluded"]])'
  call "$API/draws/$(echo "$DRAW" | j 'd["id"]')/verification" "${AUTH[@]}" | j '"verification holds: " + str(d["holds"])'
  for MEMBER in $(call "$API/panels/$PANEL" "${AUTH[@]}" | j '" ".join(str(m["id"]) + ":" + str(m["expert_id"]) for m in d["members"])'); do
    EXPERT_ID=${MEMBER#*:}
    N=$(call "$API/experts/$EXPERT_ID" "${AUTH[@]}" | j 'd["name"][-1]')
    EXPERT=(-H "Authorization: Bearer ${EXPERT_TOKEN[$N]}")
    call -X POST "$API/panel-members/${MEMBER%:*}/confirm" "${EXPERT[@]}" "${json[@]}" -d '{}' >/dev/null
    SHEET="$API/panels/$PANEL/applications/$APP/sheet"
    call -X PUT "$SHEET" "${EXPERT[@]}" "${json[@]}" -H 'If-Match: "0"' -d "{\"items\": {\"leadership\": 90,
      \"strategy\": 72, \"customers_and_market\": 70, \"resources\": 105, \"process_management\": 80,
      \"measurement_analysis_improvement\": 62, \"results\": $((300 + N * 10))}, \"comment\": \"过程管理证据充分\"}" >/dev/null
    call -X POST "$SHEET/submit" "${EXPERT[@]}" -H 'If-Match: "1"' >/dev/null
  done
  call "$API/cycles/$CYCLE/stages/$STAGE/results" "${AUTH[@]}" | j '"'$STAGE' score: " + d["results"][0]["score"] + " from " + str([s["raw"] for s in d["results"][0]["sheets"]])'
  call -X POST "$API/cycles/$CYCLE/advance" "${AUTH[@]}" | j 'd["stage"]'
done

# 11. the ranking by weighted total (第十五条: 20% / 70% / 10%), the quota allocation with its
#     articles, and the committee's decision on the list
call "$API/cycles/$CYCLE/ranking" "${AUTH[@]}" | j '"ranking: " + str([(r["application_id"], r["total"]) for r in d["ranked"]]) + ", award: " + str([w["application_id"] for w in d["allocation"]["award"]["winners"]])'
call -X POST "$API/cycles/$CYCLE/decisions" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-decision-$YEAR" -d "{
  \"kind\": \"deliberation\", \"body\": \"南通市质量发展委员会\", \"decided_on\": \"$TODAY\", \"members_present\": 15,
  \"winners\": [{\"application_id\": $APP, \"tier\": \"award\"}], \"document\": \"质委会纪要〔$YEAR〕1号\"}" | j '"decision: " + d["body"] + " " + str(d["winners"])'
call "$API/audit-events?limit=200" "${AUTH[@]}" | j 'sorted({e["action"] for e in d["items"] if e["action"].split(".")[0] in ("expert", "panel", "score_sheet", "review")})'

# 12. the candidate notice (2023 第二十四条: at least 10 days, the publication day not counted, no
#     backfill) with the committee's list; the public reads it on the board without a token, objects
#     there (a receipt, shown once, reads the outcome), the office investigates and decides with reasons
NOTICE=$(call -X POST "$API/cycles/$CYCLE/notices" "${AUTH[@]}" "${json[@]}" -H "Idempotency-Key: walk-notice-$YEAR" \
  -d "{\"stage\": \"approval_notice\", \"kind\": \"candidate\", \"starts_on\": \"$TODAY\",
       \"how_to_object\": \"书面异议请寄市质量发展委员会办公室，并注明联系方式\"}")
echo "$NOTICE" | j '"notice: " + d["title"] + " " + d["starts_on"] + ".." + d["ends_on"] + " (" + d["citation"]["jurisdiction"] + "/" + d["citation"]["version"] + " " + d["citation"]["article"] + ")"'
NOTICE_ID=$(echo "$NOTICE" | j 'd["id"]')
ENTRY=$(call "$API/public/$TENANT/notices/$NOTICE_ID" | j 'd["entries"][0]["id"]')
curl -sS "${API%/api/v1}/public/$TENANT/notices/$NOTICE_ID" | grep -q "notices/$NOTICE_ID/object\"" \
  && echo "the board's page (no token, no JavaScript) links to its objection form"
RECEIPT=$(call -X POST "$API/public/$TENANT/notices/$NOTICE_ID/objections" "${json[@]}" \
  -d "{\"entry_id\": $ENTRY, \"grounds\": \"该单位申报材料中的获奖情况与事实不符\"}" | j 'd["receipt"]')
OBJECTION=$(call "$API/notices/$NOTICE_ID/objections" "${AUTH[@]}" | j 'd["items"][0]["id"]')
call -X POST "$API/objections/$OBJECTION/decision" "${AUTH[@]}" "${json[@]}" -H 'If-Match: "1"' -d '{"status": "investigating"}' >/dev/null
call -X POST "$API/objections/$OBJECTION/decision" "${AUTH[@]}" "${json[@]}" -H 'If-Match: "2"' \
  -d '{"status": "dismissed", "reasons": "经核实，获奖证书与发证机关记录一致"}' >/dev/null
call "$API/public/$TENANT/objections/$RECEIPT" | j '"objection: " + d["status"] + ", " + d["reasons"]'
