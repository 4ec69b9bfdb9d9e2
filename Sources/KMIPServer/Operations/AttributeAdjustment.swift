import KMIP
import KMIPSpec
import TTLV

/// Adjust Attribute (KMIP 2.0+): increments, decrements or negates a numeric, interval,
/// date-time or Boolean attribute that has at most one instance.
enum AttributeAdjustment {
    static let adjustAttribute: OperationHandler = { request, context in
        let adjust = try StandardOperations.payload(request, as: AdjustAttributeRequest.self)
        var object = try await context.object(adjust.uniqueIdentifier)
        let name = adjust.attributeReference.name
        if case .standard(let tag) = name, ServerAttributes.readOnly.contains(tag) {
            throw OperationError(.readOnlyAttribute, "\(tag) is set by the server")
        }
        guard !object.archived else { throw OperationError(.objectArchived, "object \(object.uniqueIdentifier) is archived") }
        let instances = object.attributes.list.indices.filter { object.attributes.list[$0].name == name }
        guard instances.count <= 1 else {
            throw OperationError(.multiValuedAttribute, "object \(object.uniqueIdentifier) has \(instances.count) instances of \(name)")
        }
        let current = instances.first.map { object.attributes.list[$0].value }
        let adjusted = try adjusted(current, by: adjust.adjustmentType, amount: adjust.adjustmentValue, name: name)
        if let index = instances.first {
            object.attributes.list[index].value = adjusted
        } else {
            object.attributes.list.append(Attribute(name, value: adjusted))
        }
        try object.touch(context)
        try await context.store.update(object)
        return AdjustAttributeResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    /// The new value. A missing value counts as 0 (or false) of the amount's type; a missing
    /// amount counts as 1.
    static func adjusted(_ current: TTLVValue?, by type: AdjustmentType, amount: TTLVValue?, name: Attribute.Name) throws(OperationError) -> TTLVValue {
        let step: Int64
        switch amount {
        case nil: step = 1
        case .integer(let value)?: step = Int64(value)
        case .longInteger(let value)?: step = value
        case .interval(let value)?: step = Int64(value)
        case .bigInteger(let value)? where value.bytes.count <= 8:
            step = value.bytes.reduce(value.isNegative ? -1 : 0) { $0 << 8 | Int64($1) }
        case let other?: throw OperationError(.invalidDataType, "an adjustment is an Integer, Long Integer, Interval or small Big Integer, not \(other)")
        }
        let base = current ?? amount.map(zero) ?? .integer(0)
        func range() -> OperationError { OperationError(.numericRange, "adjusting \(name) leaves its range") }
        func apply(_ value: Int64) throws(OperationError) -> Int64 {
            let (result, overflow): (Int64, Bool) = switch type {
            case .increment: value.addingReportingOverflow(step)
            case .decrement: value.subtractingReportingOverflow(step)
            default: (0 - value, value == .min)
            }
            if overflow { throw range() }
            return result
        }
        guard [.increment, .decrement, .negate].contains(type) else { throw OperationError(.invalidField, "adjustment type \(type) is not defined") }
        switch base {
        case .boolean(let value):
            guard type == .negate else { throw OperationError(.invalidDataType, "a Boolean can only be negated") }
            return .boolean(!value)
        case .integer(let value):
            guard let result = Int32(exactly: try apply(Int64(value))) else { throw range() }
            return .integer(result)
        case .longInteger(let value):
            return .longInteger(try apply(value))
        case .interval(let value):
            guard let result = UInt32(exactly: try apply(Int64(value))) else { throw range() }
            return .interval(result)
        case .dateTime(let value):
            guard type != .negate else { throw OperationError(.invalidDataType, "a date cannot be negated") }
            return .dateTime(try apply(value))
        case let other:
            throw OperationError(.invalidDataType, "\(name) holds \(other), which cannot be adjusted")
        }
    }

    /// Zero of an amount's type (the value a missing attribute starts from).
    static func zero(of amount: TTLVValue) -> TTLVValue {
        switch amount {
        case .longInteger: .longInteger(0)
        case .interval: .interval(0)
        default: .integer(0)
        }
    }
}
