public import KMIPSpec
public import TTLV

/// PKCS#11 (KMIP 2.1 section 6.1.37; 2.0 6.1.35): the server performs a PKCS#11 function for
/// the client, the parameters being encoded as the PKCS#11 Profile says.
///
/// KMIP 2.0 and later; asking for it at 1.x throws `notInVersion`. The description never shows
/// the parameters, only their length.
public struct PKCS11Request: RequestPayload, CustomStringConvertible {
    public static let operation = Operation.pkcs_11

    /// The interface name; the PKCS#11 3.0 default interface when absent.
    public var interface: String?
    /// The function to call.
    public var function: PKCS11FunctionCode
    /// The value the previous response returned, when it returned one.
    public var correlationValue: [UInt8]?
    /// The function's input, encoded as the PKCS#11 Profile says.
    public var inputParameters: [UInt8]?
    public var unknown: [TTLVItem] = []

    public init(
        interface: String? = nil, function: PKCS11FunctionCode, correlationValue: [UInt8]? = nil,
        inputParameters: [UInt8]? = nil
    ) {
        self.interface = interface
        self.function = function
        self.correlationValue = correlationValue
        self.inputParameters = inputParameters
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        interface = try reader.optional(.pkcs_11Interface)
        function = try reader.required(.pkcs_11Function)
        correlationValue = try reader.optional(.correlationValue)
        inputParameters = try reader.optional(.pkcs_11InputParameters)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.pkcs_11Interface, interface)
        try builder.add(.pkcs_11Function, function)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.pkcs_11InputParameters, inputParameters)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}

/// The response to PKCS#11: the function performed, its output and its return code (CK_RV).
/// The description never shows the output, only its length.
public struct PKCS11Response: ResponsePayload, CustomStringConvertible {
    public static let operation = Operation.pkcs_11

    /// The interface name; the PKCS#11 3.0 default interface when absent.
    public var interface: String?
    /// The function performed.
    public var function: PKCS11FunctionCode
    /// A value to pass in the next request.
    public var correlationValue: [UInt8]?
    /// The function's output, encoded as the PKCS#11 Profile says.
    public var outputParameters: [UInt8]?
    public var returnCode: PKCS_11ReturnCode
    public var unknown: [TTLVItem] = []

    public init(
        interface: String? = nil, function: PKCS11FunctionCode, correlationValue: [UInt8]? = nil,
        outputParameters: [UInt8]? = nil, returnCode: PKCS_11ReturnCode
    ) {
        self.interface = interface
        self.function = function
        self.correlationValue = correlationValue
        self.outputParameters = outputParameters
        self.returnCode = returnCode
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        interface = try reader.optional(.pkcs_11Interface)
        function = try reader.required(.pkcs_11Function)
        correlationValue = try reader.optional(.correlationValue)
        outputParameters = try reader.optional(.pkcs_11OutputParameters)
        returnCode = try reader.required(.pkcs_11ReturnCode)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.pkcs_11Interface, interface)
        try builder.add(.pkcs_11Function, function)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.pkcs_11OutputParameters, outputParameters)
        try builder.add(.pkcs_11ReturnCode, returnCode)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}

/// A PKCS#11 Function field (KMIP 2.1 section 7.26, 6.1.37): a function PKCS#11 defines,
/// written as an Enumeration, or a vendor-defined function, written as an Integer.
public enum PKCS11FunctionCode: Hashable, Sendable, CustomStringConvertible, TTLVCodable {
    /// A function of the PKCS#11 3.0 function list (`C_Initialize`, ...).
    case standard(PKCS_11Function)
    /// A vendor-defined function number.
    case vendor(Int32)

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        switch item.value {
        case .enumeration: self = .standard(try PKCS_11Function(ttlv: item, version: version))
        case .integer(let value): self = .vendor(value)
        default: throw item.wrongType(expected: .enumeration, .integer)
        }
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        switch self {
        case .standard(let function): try function.ttlv(tag, version: version)
        case .vendor(let value): value.ttlv(tag, version: version)
        }
    }

    public var description: String {
        switch self {
        case .standard(let function): function.description
        case .vendor(let value): "vendor function \(value)"
        }
    }
}
