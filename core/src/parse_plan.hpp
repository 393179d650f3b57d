#pragma once
// Reading plans by several limits: the book's model and a quote line's usage (parse_plan.cpp).
#include <optional>
#include <string>
#include <vector>

#include "edgequote/pricebook.hpp"
#include "json_reader.hpp"

namespace edgequote::detail {

// {"model":"plan","limits":[{"id","name"?,"unit"}],"tiers":[{"name"?,"up_to":{limit: bound|null}|null,"amount"}]}.
// Every bounded tier gives a bound (or null) for every limit; each tier is at least the one
// before in every limit and larger in one (else it could never be chosen).
std::optional<PlanModel> read_plan_model(Reader& r, const Json& node, const std::string& path, const PriceBook& book);

// A quote line's "usage": {limit: "quantity" (in the limit's unit) | {"quantity","unit"}} with
// every limit of the plan; quantities converted to the limit's unit.
std::optional<std::vector<Decimal>> read_plan_usage(Reader& r, const Json& line, const std::string& path,
                                                    const PlanModel& plan, const PriceBook& book,
                                                    const Decimal& max_quantity);

}  // namespace edgequote::detail
