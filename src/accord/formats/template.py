"""The commented template written by ``accord new`` (valid as written; a test loads it)."""

TEMPLATE = """\
# An accord scenario (schema accord/1). Edit, then check with: accord validate THIS_FILE
#
# Every number under a party may be written plainly (0.4) or with its reason:
#   { value = 0.4, rationale = "why this number: a quote, a source, or 'assumption'" }
schema = "accord/1"
id = "my-negotiation"                # letters, digits, _ - .
name = "My negotiation"
description = "What is being negotiated, between whom."
source = "Where the facts come from."

[calendar]
days = 1                             # how many days the talks run
rounds_per_day = 20                  # negotiation rounds in a day
# start = 2026-03-01                 # optional first day

# -- Issues: what is on the table ------------------------------------------------------
# kind = "categorical" (named options), "ordinal" (named options, lowest first),
#        "integer" (min, max) or "real" (min, max, steps: a grid of `steps` points)
[issues.price]
label = "Price"
kind = "ordinal"
options = [
    { id = "low", label = "Low price" },
    { id = "medium", label = "Medium price" },
    { id = "high", label = "High price" },
]

[issues.delivery]
label = "Delivery time (weeks)"
kind = "integer"
min = 1
max = 4

# -- Parties: who is at the table and what each privately wants -----------------------
# role = "party" (negotiates; needs weights and values), "mediator" (may have preferences),
#        "observer" (not at the table)
[parties.buyer]
name = "Buyer"
role = "party"
reservation = { value = 0.4, rationale = "utility of walking away (no deal)" }
cost_of_delay = { factor = 0.98, per = "round", rationale = "each round costs 2%" }

# Issue weights: how much each issue matters. They should sum to 1; if they do not,
# accord divides them by their sum and says so.
[parties.buyer.weights]
price = { value = 0.7, rationale = "budget is tight" }
delivery = 0.3

# Values: how good each option is for this party, from 0 (worst) to 1 (best).
[parties.buyer.values.price]
low = 1.0
medium = 0.5
high = 0.0

# For integer and real issues: one value per point, or a piecewise-linear curve.
[parties.buyer.values.delivery]
linear = [[1, 1.0], [4, 0.0]]

# Red lines: options this party will never accept, whatever else the package gives.
[parties.buyer.red_lines]
price = { options = ["high"], rationale = "above the approved budget" }

[parties.seller]
name = "Seller"
role = "party"
reservation = 0.3

[parties.seller.weights]
price = 0.5
delivery = 0.5

[parties.seller.values]
delivery = [0.0, 0.4, 0.8, 1.0]      # one value per point: 1, 2, 3, 4 weeks

[parties.seller.values.price]
low = 0.0
medium = 0.6
high = 1.0

[parties.mediator]
name = "Mediator"
role = "mediator"

# -- Working groups: subsets of issues negotiated together (optional) ----------------------
[working_groups.commercial]
name = "Commercial terms"
issues = ["price", "delivery"]

# -- What you are unsure of (optional; accord analyze --uncertainty) -----------------------
# A range (uniform) or discrete values with probabilities, for any reservation value,
# weight (weights.ISSUE), option value (values.ISSUE.OPTION) or cost of delay.
[uncertainty.seller]
reservation = { range = [0.2, 0.4], rationale = "we do not know the seller's other offers" }

# -- Levers: actions outside the table (optional; accord levers) ---------------------------
[levers.competing_offer]
name = "Show a competing offer"
by = "buyer"
cost = { value = 0.02, rationale = "the time it takes" }
effects = [{ party = "seller", parameter = "reservation", change = -0.1, rationale = "assumption" }]
"""
