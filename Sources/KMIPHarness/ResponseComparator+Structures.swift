import KMIPSpec
import TTLV
import TTLVText

/// Structures: members in recorded order with allowed extras, or as multisets (attribute
/// lists, Get Attributes, Query).
extension ResponseComparator {
    func compareStructure(_ expected: TTLVItem, _ actual: TTLVItem, path: [String], _ context: Context, _ bindings: inout Bindings) -> Mismatch? {
        if VariationRules.serverContents.contains(expected.tag) { return nil }
        let isPayload = expected.tag == .responsePayload
        let inQuery = isPayload && context.operation == .query
        var skipped = VariationRules.uncompared
        skipped.formUnion(VariationRules.optionalMembers[expected.tag] ?? [])
        if inQuery { skipped.formUnion(VariationRules.uncomparedInQuery) }
        // 4.1.1: the Digest's hashing algorithm may differ, and then so does its value.
        if expected.tag == .digest, let algorithm = actual[.hashingAlgorithm], expected[.hashingAlgorithm].map({ $0.value != algorithm.value }) == true {
            guard actual[.digestValue] != nil else {
                return mismatch(.missingField, path + ["DigestValue"], "the Digest has no Digest Value", expected[.digestValue], nil)
            }
            return nil
        }
        var expectedChildren = expected.children.filter { !skipped.contains($0.tag) && !VariationRules.defaultMembers.contains($0) }
        if inQuery {
            expectedChildren.removeAll { ($0.tag == .operation || $0.tag == .objectType) && !exercised.contains($0) }
        }
        let actualChildren = actual.children.filter { !skipped.contains($0.tag) && !VariationRules.defaultMembers.contains($0) }
        let unordered = VariationRules.attributeContainers.contains(expected.tag)
            || (isPayload && context.operation.map(VariationRules.unorderedPayloads.contains) == true)
        if unordered {
            return matchUnordered(expectedChildren, actualChildren, path: path, context, &bindings)
        }
        var extras = VariationRules.optionalExtras[expected.tag] ?? []
        if isPayload, let operation = context.operation { extras.formUnion(VariationRules.payloadExtras[operation] ?? []) }
        return matchOrdered(expectedChildren, actualChildren, path: path, extras: extras, context, &bindings)
    }

    /// Members in recorded order; the server may put allowed extras anywhere.
    func matchOrdered(
        _ expected: [TTLVItem], _ actual: [TTLVItem], path: [String], extras: Set<Tag>, _ context: Context, _ bindings: inout Bindings
    ) -> Mismatch? {
        var next = 0
        var attributeName: String?
        for (index, child) in expected.enumerated() {
            let childPath = path + [Mismatch.step(child, index: index, in: expected)]
            guard let found = actual[next...].firstIndex(where: { $0.tag == child.tag }) else {
                return mismatch(.missingField, childPath, "missing \(child.tag)", child, nil)
            }
            if let extra = actual[next..<found].first(where: { !extras.contains($0.tag) }) {
                return mismatch(.unexpectedField, path + [extra.tag.description], "unexpected \(extra.tag) before \(child.tag)", nil, extra)
            }
            if let failure = compare(child, actual[found], path: childPath, attributeName: attributeName, context, &bindings) {
                return failure
            }
            if child.tag == .attributeName, case .textString(let text) = child.value { attributeName = text }
            next = found + 1
        }
        if let extra = actual[next...].first(where: { !extras.contains($0.tag) }) {
            return mismatch(.unexpectedField, path + [extra.tag.description], "unexpected \(extra.tag)", nil, extra)
        }
        return nil
    }

    /// Members in any order, extras allowed; each recorded member must match a distinct one.
    func matchUnordered(_ expected: [TTLVItem], _ actual: [TTLVItem], path: [String], _ context: Context, _ bindings: inout Bindings) -> Mismatch? {
        var used = Set<Int>()
        for (index, child) in expected.enumerated() {
            let childPath = path + [Mismatch.step(child, index: index, in: expected)]
            let candidates = actual.indices.filter { !used.contains($0) && actual[$0].tag == child.tag }
            var matched = false
            for candidate in candidates {
                var trial = bindings
                if compare(child, actual[candidate], path: childPath, attributeName: nil, context, &trial) == nil {
                    bindings = trial
                    used.insert(candidate)
                    matched = true
                    break
                }
            }
            if matched { continue }
            guard !candidates.isEmpty else { return mismatch(.missingField, childPath, "missing \(Self.label(child))", child, nil) }
            // A repeated member (Query's Operation list) with no equal one is missing.
            if case .structure = child.value {} else if expected.filter({ $0.tag == child.tag }).count > 1 || actual.filter({ $0.tag == child.tag }).count > 1 {
                return mismatch(.missingField, childPath, "no \(child.tag) \(TTLVTree.inline(marks.readable(child)))", child, nil)
            }
            // Report against the closest candidate: same Attribute Name when there is one.
            let best = candidates.first { Self.attributeName(of: actual[$0]) == Self.attributeName(of: child) && Self.attributeName(of: child) != nil } ?? candidates[0]
            var scratch = bindings
            if let failure = compare(child, actual[best], path: childPath, attributeName: nil, context, &scratch) {
                if Self.attributeName(of: child) != nil && Self.attributeName(of: actual[best]) != Self.attributeName(of: child) {
                    return mismatch(.missingField, childPath, "missing \(Self.label(child))", child, nil)
                }
                return failure
            }
            return mismatch(.missingField, childPath, "no member matches \(Self.label(child))", child, nil)
        }
        return nil
    }
}
