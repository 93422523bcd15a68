-- Money that is funding: a funding cue (invested, grant, loan, assistance ...) near the amount outweighs
-- any non-funding cue (trade, exports, market, prices, savings, reserves ...). Cues are seeds.
with amounts as (
    select
        *,
        lower(text_before) as before_lc,
        lower(coalesce(text_after, '')) as after_lc
    from {{ ref('int_money_amounts') }}
    where not is_stated_equivalent
      and amount_usd is not null
),

funding_hits as (
    {{ cue_hits('amounts', 'funding_cues', "a.before_lc || ' | ' || left(a.after_lc, 40)",
                'max(c.weight) as funding_weight, arg_max(c.flow_type, c.weight) as flow_type') }}
),

non_funding_hits as (
    -- Non-funding words count only right beside the amount.
    {{ cue_hits('amounts', 'non_funding_cues', "right(a.before_lc, 45) || ' | ' || left(a.after_lc, 40)",
                'max(c.weight) as non_funding_weight, arg_max(c.why, c.weight) as non_funding_reason') }}
),

status_hits as (
    {{ cue_hits('amounts', 'funding_status_cues', "a.before_lc || ' | ' || left(a.after_lc, 40)",
                'arg_min(c.status, c.priority) as status') }}
),

entity_re as (
    select '(?:^|[^A-Za-z])(' || {{ rule_alternation('entities', 'alias') }} || ')(?:[^A-Za-z]|$)' as re
),

classified as (
    select
        a.*,
        f.funding_weight,
        f.flow_type,
        coalesce(n.non_funding_weight, 0) as non_funding_weight,
        n.non_funding_reason,
        s.status,
        -- "a grant of $2 million from USAID": the giver named after the amount wins over the subject.
        coalesce(
            nullif(regexp_extract(a.text_after, '^[^.;]{0,40}?\b(?:from|by)\s*(?:the\s*)?' || e.re, 1), ''),
            -- otherwise the entity nearest before the amount (the subject of its own clause)
            nullif(list_last(regexp_extract_all(a.text_before, e.re, 1)), '')
        ) as funder_alias,
        nullif(regexp_extract(a.text_after, '^[^.;]{0,40}?\b(?:to|for|in|into|toward|towards)\s*(?:the\s*)?' || e.re, 1), '')
            as recipient_alias
    from amounts as a
    cross join entity_re as e
    left join funding_hits as f using (doc_id, sentence_no, match_no)
    left join non_funding_hits as n using (doc_id, sentence_no, match_no)
    left join status_hits as s using (doc_id, sentence_no, match_no)
)

select
    c.doc_id,
    c.sentence_no,
    c.match_no,
    c.sentence as evidence,
    c.amount_text,
    c.amount_usd,
    c.amount_original,
    c.currency,
    c.rate_used,
    c.usd_per_unit,
    c.qualifier,
    fe.canonical as funder,
    case when re.canonical is distinct from fe.canonical then re.canonical end as recipient,
    nullif(trim(regexp_extract(c.text_after, '^[^.;:]*')), '') as purpose,
    coalesce(c.flow_type, 'other') as flow_type,
    coalesce(c.status, 'announced') as status,
    c.funding_weight,
    c.non_funding_weight,
    -- Documented in the README: cue strength, minus doubt from an outweighed non-funding cue.
    round(least(1.0, greatest(0.0,
        0.5 + 0.1 * c.funding_weight
        - case when c.non_funding_weight > 0 then 0.2 else 0 end
        + case when c.currency = 'USD' or c.rate_used = 'stated in document' then 0.05 else 0 end
    )), 2) as confidence
from classified as c
left join {{ ref('entities') }} as fe on fe.alias = c.funder_alias
left join {{ ref('entities') }} as re on re.alias = c.recipient_alias
where c.funding_weight is not null
  and c.funding_weight > c.non_funding_weight
  and c.amount_usd >= 1000
