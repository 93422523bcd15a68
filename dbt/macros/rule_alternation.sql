{#- A regex alternation built from one column of a seed, longest first so "mil millones" beats "mil".
    Rules stay data: adding a row to the seed extends the pattern. -#}
{% macro rule_alternation(seed, column) -%}
    (select string_agg(regexp_escape({{ column }}), '|' order by length({{ column }}) desc) from {{ ref(seed) }})
{%- endmacro %}
