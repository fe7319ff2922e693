import { KeyObject } from 'node:crypto';

declare function canonicalJson(value: unknown): string;
declare const sha256Hex: (data: string | Uint8Array) => string;

type _JSONSchema = boolean | JSONSchema;
type SchemaType = "object" | "array" | "string" | "number" | "boolean" | "null" | "integer";
type JSONSchema = {
    [k: string]: unknown;
    $schema?: "https://json-schema.org/draft/2020-12/schema" | "http://json-schema.org/draft-07/schema#" | "http://json-schema.org/draft-04/schema#";
    $id?: string;
    $anchor?: string;
    $ref?: string;
    $dynamicRef?: string;
    $dynamicAnchor?: string;
    $vocabulary?: Record<string, boolean>;
    $comment?: string;
    $defs?: Record<string, JSONSchema>;
    type?: SchemaType | SchemaType[];
    additionalItems?: _JSONSchema;
    unevaluatedItems?: _JSONSchema;
    prefixItems?: _JSONSchema[];
    items?: _JSONSchema | _JSONSchema[];
    contains?: _JSONSchema;
    additionalProperties?: _JSONSchema;
    unevaluatedProperties?: _JSONSchema;
    properties?: Record<string, _JSONSchema>;
    patternProperties?: Record<string, _JSONSchema>;
    dependentSchemas?: Record<string, _JSONSchema>;
    propertyNames?: _JSONSchema;
    if?: _JSONSchema;
    then?: _JSONSchema;
    else?: _JSONSchema;
    allOf?: JSONSchema[];
    anyOf?: JSONSchema[];
    oneOf?: JSONSchema[];
    not?: _JSONSchema;
    multipleOf?: number;
    maximum?: number;
    exclusiveMaximum?: number | boolean;
    minimum?: number;
    exclusiveMinimum?: number | boolean;
    maxLength?: number;
    minLength?: number;
    pattern?: string;
    maxItems?: number;
    minItems?: number;
    uniqueItems?: boolean;
    maxContains?: number;
    minContains?: number;
    maxProperties?: number;
    minProperties?: number;
    required?: string[];
    dependentRequired?: Record<string, string[]>;
    enum?: Array<string | number | boolean | null>;
    const?: string | number | boolean | null;
    id?: string;
    title?: string;
    description?: string;
    default?: unknown;
    deprecated?: boolean;
    readOnly?: boolean;
    writeOnly?: boolean;
    nullable?: boolean;
    examples?: unknown[];
    format?: string;
    contentMediaType?: string;
    contentEncoding?: string;
    contentSchema?: JSONSchema;
    _prefault?: unknown;
};
type BaseSchema = JSONSchema;

/** The Standard interface. */
interface StandardTypedV1<Input = unknown, Output = Input> {
    /** The Standard properties. */
    readonly "~standard": StandardTypedV1.Props<Input, Output>;
}
declare namespace StandardTypedV1 {
    /** The Standard properties interface. */
    interface Props<Input = unknown, Output = Input> {
        /** The version number of the standard. */
        readonly version: 1;
        /** The vendor name of the schema library. */
        readonly vendor: string;
        /** Inferred types associated with the schema. */
        readonly types?: Types<Input, Output> | undefined;
    }
    /** The Standard types interface. */
    interface Types<Input = unknown, Output = Input> {
        /** The input type of the schema. */
        readonly input: Input;
        /** The output type of the schema. */
        readonly output: Output;
    }
    /** Infers the input type of a Standard. */
    type InferInput<Schema extends StandardTypedV1> = NonNullable<Schema["~standard"]["types"]>["input"];
    /** Infers the output type of a Standard. */
    type InferOutput<Schema extends StandardTypedV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}
/** The Standard Schema interface. */
interface StandardSchemaV1<Input = unknown, Output = Input> {
    /** The Standard Schema properties. */
    readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}
declare namespace StandardSchemaV1 {
    /** The Standard Schema properties interface. */
    interface Props<Input = unknown, Output = Input> extends StandardTypedV1.Props<Input, Output> {
        /** Validates unknown input values. */
        readonly validate: (value: unknown, options?: StandardSchemaV1.Options | undefined) => Result<Output> | Promise<Result<Output>>;
    }
    /** The result interface of the validate function. */
    type Result<Output> = SuccessResult<Output> | FailureResult;
    /** The result interface if validation succeeds. */
    interface SuccessResult<Output> {
        /** The typed output value. */
        readonly value: Output;
        /** The absence of issues indicates success. */
        readonly issues?: undefined;
    }
    interface Options {
        /** Implicit support for additional vendor-specific parameters, if needed. */
        readonly libraryOptions?: Record<string, unknown> | undefined;
    }
    /** The result interface if validation fails. */
    interface FailureResult {
        /** The issues of failed validation. */
        readonly issues: ReadonlyArray<Issue>;
    }
    /** The issue interface of the failure output. */
    interface Issue {
        /** The error message of the issue. */
        readonly message: string;
        /** The path of the issue, if any. */
        readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
    }
    /** The path segment interface of the issue. */
    interface PathSegment {
        /** The key representing a path segment. */
        readonly key: PropertyKey;
    }
    /** The Standard types interface. */
    interface Types<Input = unknown, Output = Input> extends StandardTypedV1.Types<Input, Output> {
    }
    /** Infers the input type of a Standard. */
    type InferInput<Schema extends StandardTypedV1> = StandardTypedV1.InferInput<Schema>;
    /** Infers the output type of a Standard. */
    type InferOutput<Schema extends StandardTypedV1> = StandardTypedV1.InferOutput<Schema>;
}
/** The Standard JSON Schema interface. */
interface StandardJSONSchemaV1<Input = unknown, Output = Input> {
    /** The Standard JSON Schema properties. */
    readonly "~standard": StandardJSONSchemaV1.Props<Input, Output>;
}
declare namespace StandardJSONSchemaV1 {
    /** The Standard JSON Schema properties interface. */
    interface Props<Input = unknown, Output = Input> extends StandardTypedV1.Props<Input, Output> {
        /** Methods for generating the input/output JSON Schema. */
        readonly jsonSchema: Converter;
    }
    /** The Standard JSON Schema converter interface. */
    interface Converter {
        /** Converts the input type to JSON Schema. May throw if conversion is not supported. */
        readonly input: (options: StandardJSONSchemaV1.Options) => Record<string, unknown>;
        /** Converts the output type to JSON Schema. May throw if conversion is not supported. */
        readonly output: (options: StandardJSONSchemaV1.Options) => Record<string, unknown>;
    }
    /** The target version of the generated JSON Schema.
     *
     * It is *strongly recommended* that implementers support `"draft-2020-12"` and `"draft-07"`, as they are both in wide use.
     *
     * The `"openapi-3.0"` target is intended as a standardized specifier for OpenAPI 3.0 which is a superset of JSON Schema `"draft-04"`.
     *
     * All other targets can be implemented on a best-effort basis. Libraries should throw if they don't support a specified target.
     */
    type Target = "draft-2020-12" | "draft-07" | "openapi-3.0" | ({} & string);
    /** The options for the input/output methods. */
    interface Options {
        /** Specifies the target version of the generated JSON Schema. Support for all versions is on a best-effort basis. If a given version is not supported, the library should throw. */
        readonly target: Target;
        /** Implicit support for additional vendor-specific parameters, if needed. */
        readonly libraryOptions?: Record<string, unknown> | undefined;
    }
    /** The Standard types interface. */
    interface Types<Input = unknown, Output = Input> extends StandardTypedV1.Types<Input, Output> {
    }
    /** Infers the input type of a Standard. */
    type InferInput<Schema extends StandardTypedV1> = StandardTypedV1.InferInput<Schema>;
    /** Infers the output type of a Standard. */
    type InferOutput<Schema extends StandardTypedV1> = StandardTypedV1.InferOutput<Schema>;
}
interface StandardSchemaWithJSONProps<Input = unknown, Output = Input> extends StandardSchemaV1.Props<Input, Output>, StandardJSONSchemaV1.Props<Input, Output> {
}

declare const $output: unique symbol;
type $output = typeof $output;
declare const $input: unique symbol;
type $input = typeof $input;
type $replace<Meta, S extends $ZodType> = Meta extends $output ? output$1<S> : Meta extends $input ? input$1<S> : Meta extends (infer M)[] ? $replace<M, S>[] : Meta extends (...args: infer P) => infer R ? (...args: {
    [K in keyof P]: $replace<P[K], S>;
}) => $replace<R, S> : Meta extends object ? {
    [K in keyof Meta]: $replace<Meta[K], S>;
} : Meta;
type MetadataType = object | undefined;
declare class $ZodRegistry<Meta extends MetadataType = MetadataType, Schema extends $ZodType = $ZodType> {
    _meta: Meta;
    _schema: Schema;
    _map: WeakMap<Schema, $replace<Meta, Schema>>;
    _idmap: Map<string, Schema>;
    add<S extends Schema>(schema: S, ..._meta: undefined extends Meta ? [$replace<Meta, S>?] : [$replace<Meta, S>]): this;
    clear(): this;
    remove(schema: Schema): this;
    get<S extends Schema>(schema: S): $replace<Meta, S> | undefined;
    has(schema: Schema): boolean;
}
interface JSONSchemaMeta {
    id?: string | undefined;
    title?: string | undefined;
    description?: string | undefined;
    deprecated?: boolean | undefined;
    [k: string]: unknown;
}
interface GlobalMeta extends JSONSchemaMeta {
}

type Processor<T extends $ZodType = $ZodType> = (schema: T, ctx: ToJSONSchemaContext, json: BaseSchema, params: ProcessParams) => void;
/**
 * Called for each schema that has no JSON Schema equivalent. Return a JSON Schema to use in its
 * place, `"any"` to fall back to the `unrepresentable: "any"` behavior, or `"throw"`/`undefined` to
 * throw the default error. Throwing from the handler propagates, so custom errors work too.
 */
type UnrepresentableHandler<T extends $ZodType = $ZodType> = (ctx: {
    zodSchema: T;
    path: (string | number)[];
    /** The error Zod would throw. Distinguishes sites that share a `zodSchema`, e.g. an `undefined`
     *  vs a `bigint` member of the same literal. */
    message: string;
}) => BaseSchema | "throw" | "any" | undefined;
interface JSONSchemaGeneratorParams {
    processors: Record<string, Processor>;
    /** A registry used to look up metadata for each schema. Any schema with an `id` property will be extracted as a $def.
     *  @default globalRegistry */
    metadata?: $ZodRegistry<Record<string, any>>;
    /** The JSON Schema version to target.
     * - `"draft-2020-12"` — Default. JSON Schema Draft 2020-12
     * - `"draft-07"` — JSON Schema Draft 7
     * - `"draft-04"` — JSON Schema Draft 4
     * - `"openapi-3.0"` — OpenAPI 3.0 Schema Object */
    target?: "draft-04" | "draft-07" | "draft-2020-12" | "openapi-3.0" | ({} & string) | undefined;
    /** How to handle unrepresentable types.
     * - `"throw"` — Default. Unrepresentable types throw an error
     * - `"any"` — Unrepresentable types become `{}`
     * - A function — called once per unrepresentable schema; see {@link UnrepresentableHandler}. */
    unrepresentable?: "throw" | "any" | UnrepresentableHandler<$ZodTypes>;
    /** Arbitrary custom logic that can be used to modify the generated JSON Schema. */
    override?: (ctx: {
        zodSchema: $ZodTypes;
        jsonSchema: BaseSchema;
        path: (string | number)[];
    }) => void;
    /** Whether to extract the `"input"` or `"output"` type. Relevant to transforms, defaults, coerced primitives, etc.
     * - `"output"` — Default. Convert the output schema.
     * - `"input"` — Convert the input schema. */
    io?: "input" | "output";
    cycles?: "ref" | "throw";
    reused?: "ref" | "inline";
    external?: {
        registry: $ZodRegistry<{
            id?: string | undefined;
        }>;
        uri?: ((id: string) => string) | undefined;
        defs: Record<string, BaseSchema>;
    } | undefined;
}
/**
 * Parameters for the toJSONSchema function.
 */
type ToJSONSchemaParams = Omit<JSONSchemaGeneratorParams, "processors" | "external">;
interface ProcessParams {
    schemaPath: $ZodType[];
    path: (string | number)[];
}
interface Seen {
    /** JSON Schema result for this Zod schema */
    schema: BaseSchema;
    /** A cached version of the schema that doesn't get overwritten during ref resolution */
    def?: BaseSchema;
    defId?: string | undefined;
    /** Number of times this schema was encountered during traversal */
    count: number;
    /** Cycle path */
    cycle?: (string | number)[] | undefined;
    isParent?: boolean | undefined;
    /** Schema to inherit JSON Schema properties from (set by processor for wrappers) */
    ref?: $ZodType | null;
    /** JSON Schema property path for this schema */
    path?: (string | number)[] | undefined;
}
interface ToJSONSchemaContext {
    processors: Record<string, Processor>;
    metadataRegistry: $ZodRegistry<Record<string, any>>;
    target: "draft-04" | "draft-07" | "draft-2020-12" | "openapi-3.0" | ({} & string);
    unrepresentable: "throw" | "any" | UnrepresentableHandler;
    override: (ctx: {
        zodSchema: $ZodType;
        jsonSchema: BaseSchema;
        path: (string | number)[];
    }) => void;
    io: "input" | "output";
    counter: number;
    seen: Map<$ZodType, Seen>;
    /** Registry conversions share one `seen` map across every emitted schema. These hold the
     * `external` the whole-map passes below last ran for, so the passes are not repeated once per
     * schema — and still re-run if the map grows or `external` is swapped. `sharedEmitDoneFor`
     * covers both passes in `finalize`: the ref flattening and the `$defs` build.
     *
     * The passes are valid only while nothing they read has changed, so both are cleared in
     * `processSchema()` when the map grows, and in `JSONSchemaGenerator.emit()`, which can also change
     * the `cycles` and `reused` they branch on.
     *
     * One case is deliberately not covered: an `override` callback that writes to
     * `metadataRegistry` mid-conversion. It runs inside `finalize`, so a registry conversion has
     * nowhere left to clear the guards, and later schemas keep the ids the first pass saw. That
     * output was never coherent — before this, whether a shared subschema was inlined or extracted
     * depended on which registry entry happened to be emitted when the callback fired. */
    sharedDefsExtractedFor?: ToJSONSchemaContext["external"];
    sharedEmitDoneFor?: ToJSONSchemaContext["external"];
    cycles: "ref" | "throw";
    reused: "ref" | "inline";
    /** The `allOf` array of each intersection encountered during traversal, innermost first. `finalize` folds every emitted object holding one; see `foldIntersection`. */
    intersections: BaseSchema[][];
    /** Rewrites a processor deferred to `finalize`, where the flatten has resolved every ref and the union branches are in place. */
    deferred: (() => void)[];
    external?: {
        registry: $ZodRegistry<{
            id?: string | undefined;
        }>;
        uri?: ((id: string) => string) | undefined;
        defs: Record<string, BaseSchema>;
    } | undefined;
}
type ZodStandardSchemaWithJSON$1<T> = StandardSchemaWithJSONProps<input$1<T>, output$1<T>>;
interface ZodStandardJSONSchemaPayload<T> extends BaseSchema {
    "~standard": ZodStandardSchemaWithJSON$1<T>;
}

type JWTAlgorithm = "HS256" | "HS384" | "HS512" | "RS256" | "RS384" | "RS512" | "ES256" | "ES384" | "ES512" | "PS256" | "PS384" | "PS512" | "EdDSA" | (string & {});
type MimeTypes = "application/json" | "application/xml" | "application/x-www-form-urlencoded" | "application/javascript" | "application/pdf" | "application/zip" | "application/vnd.ms-excel" | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" | "application/msword" | "application/vnd.openxmlformats-officedocument.wordprocessingml.document" | "application/vnd.ms-powerpoint" | "application/vnd.openxmlformats-officedocument.presentationml.presentation" | "application/octet-stream" | "application/graphql" | "text/html" | "text/plain" | "text/css" | "text/javascript" | "text/csv" | "image/png" | "image/jpeg" | "image/gif" | "image/svg+xml" | "image/webp" | "audio/mpeg" | "audio/ogg" | "audio/wav" | "audio/webm" | "video/mp4" | "video/webm" | "video/ogg" | "font/woff" | "font/woff2" | "font/ttf" | "font/otf" | "multipart/form-data" | (string & {});
type IsAny<T> = 0 extends 1 & T ? true : false;
type Omit$1<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
type MakePartial<T, K extends keyof T> = Omit$1<T, K> & InexactPartial<Pick<T, K>>;
type NoUndefined<T> = T extends undefined ? never : T;
type LoosePartial<T extends object> = InexactPartial<T> & {
    [k: string]: unknown;
};
type Mask<Keys extends PropertyKey> = {
    [K in Keys]?: true;
};
type Writeable<T> = {
    -readonly [P in keyof T]: T[P];
} & {};
type InexactPartial<T> = {
    [P in keyof T]?: T[P] | undefined;
};
type BuiltIn = (((...args: any[]) => any) | (new (...args: any[]) => any)) | {
    readonly [Symbol.toStringTag]: string;
} | Date | Error | Generator | Promise<unknown> | RegExp;
type MakeReadonly<T> = T extends Map<infer K, infer V> ? ReadonlyMap<K, V> : T extends Set<infer V> ? ReadonlySet<V> : T extends [infer Head, ...infer Tail] ? readonly [Head, ...Tail] : T extends Array<infer V> ? ReadonlyArray<V> : T extends BuiltIn ? T : Readonly<T>;
type SomeObject = Record<PropertyKey, any>;
type Identity<T> = T;
type Flatten<T> = Identity<{
    [k in keyof T]: T[k];
}>;
type Prettify<T> = {
    [K in keyof T]: T[K];
} & {};
type Extend<A extends SomeObject, B extends SomeObject> = Flatten<keyof A & keyof B extends never ? A & B : {
    [K in keyof A as K extends keyof B ? never : K]: A[K];
} & {
    [K in keyof B]: B[K];
}>;
type TupleItems = ReadonlyArray<SomeType>;
type AnyFunc = (...args: any[]) => any;
type MaybeAsync<T> = T | Promise<T>;
type EnumValue = string | number;
type EnumLike = Readonly<Record<string, EnumValue>>;
type ToEnum<T extends EnumValue> = Flatten<{
    [k in T]: k;
}>;
type Literal = string | number | bigint | boolean | null | undefined;
type Primitive = string | number | symbol | bigint | boolean | null | undefined;
type HasLength = {
    length: number;
};
type Numeric = number | bigint | Date;
type PropValues = Record<string, Set<Primitive>>;
type PrimitiveSet = Set<Primitive>;
type EmptyToNever<T> = keyof T extends never ? never : T;
declare abstract class Class {
    constructor(..._args: any[]);
}
/** A trait's prototype members: a partial view of its own interface, with `this` typed as the instance. */
type ProtoOf<T> = {
    [K in keyof T]?: (T[K] extends (...args: infer A) => infer R ? (...args: A) => R : T[K]) | undefined;
} & ThisType<T>;

declare const version: {
    readonly major: 4;
    readonly minor: 6;
    readonly patch: number;
};

interface ParseContext<T extends $ZodIssueBase = never> {
    /** Customize error messages. */
    readonly error?: $ZodErrorMap<T>;
    /** Include the `input` field in issue objects. Default `false`. */
    readonly reportInput?: boolean;
    /** Skip eval-based fast path. Default `false`. */
    readonly jitless?: boolean;
}
/** @internal */
interface ParseContextInternal<T extends $ZodIssueBase = never> extends ParseContext<T> {
    readonly async?: boolean | undefined;
    readonly direction?: "forward" | "backward";
    readonly skipChecks?: boolean;
    /** Set only by `validate`/`validateAsync`. A container may stop before its next child, never inside one, so a map entry and a tuple's fixed items parse whole. */
    readonly abortEarly?: boolean;
}
interface ParsePayload<T = unknown> {
    value: T;
    issues: $ZodRawIssue[];
    /** A way to mark a whole payload as aborted. Used in codecs/pipes. */
    aborted?: boolean;
    /** @internal Set when the value came from a repeat visit to a node still being
     * parsed. Its checks run on the node itself, against the finished value. */
    memo?: boolean | undefined;
}
type CheckFn<T> = (input: ParsePayload<T>) => MaybeAsync<void>;
interface $ZodTypeDef {
    type: "string" | "number" | "int" | "boolean" | "bigint" | "symbol" | "null" | "undefined" | "void" | "never" | "any" | "unknown" | "date" | "object" | "record" | "file" | "array" | "tuple" | "union" | "intersection" | "map" | "set" | "enum" | "literal" | "nullable" | "optional" | "nonoptional" | "success" | "transform" | "default" | "prefault" | "catch" | "nan" | "pipe" | "readonly" | "template_literal" | "promise" | "lazy" | "function" | "custom";
    error?: $ZodErrorMap<never> | undefined;
    checks?: $ZodCheck<never>[];
}
interface _$ZodTypeInternals {
    /** The `@zod/core` version of this schema */
    version: typeof version;
    /** Schema definition. */
    def: $ZodTypeDef;
    /** @internal Randomly generated ID for this schema. */
    /** @internal List of deferred initializers. */
    deferred: AnyFunc[] | undefined;
    /** @internal Parses input and runs all checks (refinements). */
    run(payload: ParsePayload<any>, ctx: ParseContextInternal): MaybeAsync<ParsePayload>;
    /** @internal Parses input, doesn't run checks. */
    parse(payload: ParsePayload<any>, ctx: ParseContextInternal): MaybeAsync<ParsePayload>;
    /** @internal  Stores identifiers for the set of traits implemented by this schema. */
    traits: Set<string>;
    /** @internal Indicates that a schema output type should be considered optional inside objects.
     * @default Required
     */
    /** @internal Three rungs, each strictly stronger than the last:
     *   undefined    — required; the container may not omit this slot
     *   "optional"   — the container may omit it; nothing is supplied in its place
     *   "defaulted"  — the container may omit it AND this schema substitutes a value
     * Consumers asking "may the slot be absent?" test `!== undefined`.
     * $ZodOptional asks the stronger question and tests `=== "defaulted"`. */
    optin?: "optional" | "defaulted" | undefined;
    /** @internal */
    optout?: "optional" | undefined;
    /** @internal The set of literal values that will pass validation. Must be an exhaustive set. Used to determine optionality in z.record().
     *
     * Defined on: enum, const, literal, null, undefined
     * Passthrough: optional, nullable, branded, default, catch, pipe
     * Todo: unions?
     */
    values?: PrimitiveSet | undefined;
    /** Default value bubbled up from  */
    /** @internal A set of literal discriminators used for the fast path in discriminated unions. */
    propValues?: PropValues | undefined;
    /** @internal This flag indicates that a schema validation can be represented with a regular expression. Used to determine allowable schemas in z.templateLiteral(). */
    pattern: RegExp | undefined;
    /** @internal The constructor function of this schema. */
    constr: new (def: any) => $ZodType;
    /** @internal A catchall object for bag metadata related to this schema. Commonly modified by checks using `onattach`. */
    bag: Record<string, unknown>;
    /** @internal The set of issues this schema might throw during type checking. */
    isst: $ZodIssueBase;
    /** @internal Subject to change, not a public API. */
    processJSONSchema?: ((ctx: ToJSONSchemaContext, json: BaseSchema, params: ProcessParams) => void) | undefined;
    /** An optional method used to override `toJSONSchema` logic. */
    toJSONSchema?: () => unknown;
    /** @internal The parent of this schema. Only set during certain clone operations. */
    parent?: $ZodType | undefined;
}
/** @internal */
interface $ZodTypeInternals<out O = unknown, out I = unknown> extends _$ZodTypeInternals {
    /** @internal The inferred output type */
    output: O;
    /** @internal The inferred input type */
    input: I;
}
type $ZodStandardSchema<T> = StandardSchemaV1.Props<input$1<T>, output$1<T>>;
type SomeType = {
    _zod: _$ZodTypeInternals;
};
interface _$ZodType<T extends $ZodTypeInternals = $ZodTypeInternals> extends $ZodType<T["output"], T["input"], T> {
}
interface $ZodType<O = unknown, I = unknown, Internals extends $ZodTypeInternals<O, I> = $ZodTypeInternals<O, I>> {
    _zod: Internals;
    "~standard": $ZodStandardSchema<this>;
}
declare const $ZodType: $constructor<$ZodType>;
interface $ZodStringDef extends $ZodTypeDef {
    type: "string";
    coerce?: boolean;
    checks?: $ZodCheck<string>[];
}
interface $ZodStringInternals<Input> extends $ZodTypeInternals<string, Input> {
    def: $ZodStringDef;
    /** @deprecated Internal API, use with caution (not deprecated) */
    pattern: RegExp;
    /** @deprecated Internal API, use with caution (not deprecated) */
    isst: $ZodIssueInvalidType;
    bag: LoosePartial<{
        minimum: number;
        maximum: number;
        patterns: Set<RegExp>;
        format: string;
        contentEncoding: string;
        /** the pattern admits strings its `format` keyword forbids, so `toJSONSchema` must not emit it */
        laxFormat: boolean;
    }>;
}
interface $ZodString<Input = unknown> extends _$ZodType<$ZodStringInternals<Input>> {
}
declare const $ZodString: $constructor<$ZodString>;
interface $ZodStringFormatDef<Format extends string = string> extends $ZodStringDef, $ZodCheckStringFormatDef<Format> {
}
interface $ZodStringFormatInternals<Format extends string = string> extends $ZodStringInternals<string>, $ZodCheckStringFormatInternals {
    def: $ZodStringFormatDef<Format>;
}
interface $ZodStringFormat<Format extends string = string> extends $ZodType {
    _zod: $ZodStringFormatInternals<Format>;
}
declare const $ZodStringFormat: $constructor<$ZodStringFormat>;
interface $ZodGUIDInternals extends $ZodStringFormatInternals<"guid"> {
}
interface $ZodGUID extends $ZodType {
    _zod: $ZodGUIDInternals;
}
declare const $ZodGUID: $constructor<$ZodGUID>;
interface $ZodUUIDDef extends $ZodStringFormatDef<"uuid"> {
    version?: "v1" | "v2" | "v3" | "v4" | "v5" | "v6" | "v7" | "v8";
}
interface $ZodUUIDInternals extends $ZodStringFormatInternals<"uuid"> {
    def: $ZodUUIDDef;
}
interface $ZodUUID extends $ZodType {
    _zod: $ZodUUIDInternals;
}
declare const $ZodUUID: $constructor<$ZodUUID>;
interface $ZodEmailInternals extends $ZodStringFormatInternals<"email"> {
}
interface $ZodEmail extends $ZodType {
    _zod: $ZodEmailInternals;
}
declare const $ZodEmail: $constructor<$ZodEmail>;
interface $ZodURLDef extends $ZodStringFormatDef<"url"> {
    hostname?: RegExp | undefined;
    protocol?: RegExp | undefined;
    normalize?: boolean | undefined;
}
interface $ZodURLInternals extends $ZodStringFormatInternals<"url"> {
    def: $ZodURLDef;
}
interface $ZodURL extends $ZodType {
    _zod: $ZodURLInternals;
}
declare const $ZodURL: $constructor<$ZodURL>;
interface $ZodEmojiInternals extends $ZodStringFormatInternals<"emoji"> {
}
interface $ZodEmoji extends $ZodType {
    _zod: $ZodEmojiInternals;
}
declare const $ZodEmoji: $constructor<$ZodEmoji>;
interface $ZodNanoIDDef extends $ZodStringFormatDef<"nanoid"> {
    length?: number | undefined;
}
interface $ZodNanoIDInternals extends $ZodStringFormatInternals<"nanoid"> {
    def: $ZodNanoIDDef;
}
interface $ZodNanoID extends $ZodType {
    _zod: $ZodNanoIDInternals;
}
declare const $ZodNanoID: $constructor<$ZodNanoID>;
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link $ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
interface $ZodCUIDInternals extends $ZodStringFormatInternals<"cuid"> {
}
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link $ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
interface $ZodCUID extends $ZodType {
    _zod: $ZodCUIDInternals;
}
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link $ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
declare const $ZodCUID: $constructor<$ZodCUID>;
interface $ZodCUID2Internals extends $ZodStringFormatInternals<"cuid2"> {
}
interface $ZodCUID2 extends $ZodType {
    _zod: $ZodCUID2Internals;
}
declare const $ZodCUID2: $constructor<$ZodCUID2>;
interface $ZodULIDInternals extends $ZodStringFormatInternals<"ulid"> {
}
interface $ZodULID extends $ZodType {
    _zod: $ZodULIDInternals;
}
declare const $ZodULID: $constructor<$ZodULID>;
interface $ZodXIDInternals extends $ZodStringFormatInternals<"xid"> {
}
interface $ZodXID extends $ZodType {
    _zod: $ZodXIDInternals;
}
declare const $ZodXID: $constructor<$ZodXID>;
interface $ZodKSUIDInternals extends $ZodStringFormatInternals<"ksuid"> {
}
interface $ZodKSUID extends $ZodType {
    _zod: $ZodKSUIDInternals;
}
declare const $ZodKSUID: $constructor<$ZodKSUID>;
interface $ZodISODateTimeDef extends $ZodStringFormatDef<"datetime"> {
    precision: number | null;
    offset: boolean;
    local: boolean;
}
interface $ZodISODateTimeInternals extends $ZodStringFormatInternals {
    def: $ZodISODateTimeDef;
}
interface $ZodISODateTime extends $ZodType {
    _zod: $ZodISODateTimeInternals;
}
declare const $ZodISODateTime: $constructor<$ZodISODateTime>;
interface $ZodISODateInternals extends $ZodStringFormatInternals<"date"> {
}
interface $ZodISODate extends $ZodType {
    _zod: $ZodISODateInternals;
}
declare const $ZodISODate: $constructor<$ZodISODate>;
interface $ZodISOTimeDef extends $ZodStringFormatDef<"time"> {
    precision?: number | null;
}
interface $ZodISOTimeInternals extends $ZodStringFormatInternals<"time"> {
    def: $ZodISOTimeDef;
}
interface $ZodISOTime extends $ZodType {
    _zod: $ZodISOTimeInternals;
}
declare const $ZodISOTime: $constructor<$ZodISOTime>;
interface $ZodISODurationInternals extends $ZodStringFormatInternals<"duration"> {
}
interface $ZodISODuration extends $ZodType {
    _zod: $ZodISODurationInternals;
}
declare const $ZodISODuration: $constructor<$ZodISODuration>;
interface $ZodIPv4Def extends $ZodStringFormatDef<"ipv4"> {
    version?: "v4";
}
interface $ZodIPv4Internals extends $ZodStringFormatInternals<"ipv4"> {
    def: $ZodIPv4Def;
}
interface $ZodIPv4 extends $ZodType {
    _zod: $ZodIPv4Internals;
}
declare const $ZodIPv4: $constructor<$ZodIPv4>;
interface $ZodIPv6Def extends $ZodStringFormatDef<"ipv6"> {
    version?: "v6";
}
interface $ZodIPv6Internals extends $ZodStringFormatInternals<"ipv6"> {
    def: $ZodIPv6Def;
}
interface $ZodIPv6 extends $ZodType {
    _zod: $ZodIPv6Internals;
}
declare const $ZodIPv6: $constructor<$ZodIPv6>;
interface $ZodCIDRv4Def extends $ZodStringFormatDef<"cidrv4"> {
    version?: "v4";
}
interface $ZodCIDRv4Internals extends $ZodStringFormatInternals<"cidrv4"> {
    def: $ZodCIDRv4Def;
}
interface $ZodCIDRv4 extends $ZodType {
    _zod: $ZodCIDRv4Internals;
}
declare const $ZodCIDRv4: $constructor<$ZodCIDRv4>;
interface $ZodCIDRv6Def extends $ZodStringFormatDef<"cidrv6"> {
    version?: "v6";
}
interface $ZodCIDRv6Internals extends $ZodStringFormatInternals<"cidrv6"> {
    def: $ZodCIDRv6Def;
}
interface $ZodCIDRv6 extends $ZodType {
    _zod: $ZodCIDRv6Internals;
}
declare const $ZodCIDRv6: $constructor<$ZodCIDRv6>;
interface $ZodBase64Internals extends $ZodStringFormatInternals<"base64"> {
}
interface $ZodBase64 extends $ZodType {
    _zod: $ZodBase64Internals;
}
declare const $ZodBase64: $constructor<$ZodBase64>;
interface $ZodBase64URLInternals extends $ZodStringFormatInternals<"base64url"> {
}
interface $ZodBase64URL extends $ZodType {
    _zod: $ZodBase64URLInternals;
}
declare const $ZodBase64URL: $constructor<$ZodBase64URL>;
interface $ZodE164Internals extends $ZodStringFormatInternals<"e164"> {
}
interface $ZodE164 extends $ZodType {
    _zod: $ZodE164Internals;
}
declare const $ZodE164: $constructor<$ZodE164>;
interface $ZodJWTDef extends $ZodStringFormatDef<"jwt"> {
    alg?: JWTAlgorithm | undefined;
}
interface $ZodJWTInternals extends $ZodStringFormatInternals<"jwt"> {
    def: $ZodJWTDef;
}
interface $ZodJWT extends $ZodType {
    _zod: $ZodJWTInternals;
}
declare const $ZodJWT: $constructor<$ZodJWT>;
interface $ZodNumberDef extends $ZodTypeDef {
    type: "number";
    coerce?: boolean;
}
interface $ZodNumberInternals<Input = unknown> extends $ZodTypeInternals<number, Input> {
    def: $ZodNumberDef;
    /** @deprecated Internal API, use with caution (not deprecated) */
    pattern: RegExp;
    /** @deprecated Internal API, use with caution (not deprecated) */
    isst: $ZodIssueInvalidType;
    bag: LoosePartial<{
        minimum: number;
        maximum: number;
        exclusiveMinimum: number;
        exclusiveMaximum: number;
        format: string;
        pattern: RegExp;
    }>;
}
interface $ZodNumber<Input = unknown> extends $ZodType {
    _zod: $ZodNumberInternals<Input>;
}
declare const $ZodNumber: $constructor<$ZodNumber>;
interface $ZodBooleanDef extends $ZodTypeDef {
    type: "boolean";
    coerce?: boolean;
    checks?: $ZodCheck<boolean>[];
}
interface $ZodBooleanInternals<T = unknown> extends $ZodTypeInternals<boolean, T> {
    pattern: RegExp;
    def: $ZodBooleanDef;
    isst: $ZodIssueInvalidType;
}
interface $ZodBoolean<T = unknown> extends $ZodType {
    _zod: $ZodBooleanInternals<T>;
}
declare const $ZodBoolean: $constructor<$ZodBoolean>;
interface $ZodBigIntDef extends $ZodTypeDef {
    type: "bigint";
    coerce?: boolean;
}
interface $ZodBigIntInternals<T = unknown> extends $ZodTypeInternals<bigint, T> {
    pattern: RegExp;
    /** @internal Internal API, use with caution */
    def: $ZodBigIntDef;
    isst: $ZodIssueInvalidType;
    bag: LoosePartial<{
        minimum: bigint;
        maximum: bigint;
        format: string;
    }>;
}
interface $ZodBigInt<T = unknown> extends $ZodType {
    _zod: $ZodBigIntInternals<T>;
}
declare const $ZodBigInt: $constructor<$ZodBigInt>;
interface $ZodSymbolDef extends $ZodTypeDef {
    type: "symbol";
}
interface $ZodSymbolInternals extends $ZodTypeInternals<symbol, symbol> {
    def: $ZodSymbolDef;
    isst: $ZodIssueInvalidType;
}
interface $ZodSymbol extends $ZodType {
    _zod: $ZodSymbolInternals;
}
declare const $ZodSymbol: $constructor<$ZodSymbol>;
interface $ZodUndefinedDef extends $ZodTypeDef {
    type: "undefined";
}
interface $ZodUndefinedInternals extends $ZodTypeInternals<undefined, undefined> {
    pattern: RegExp;
    def: $ZodUndefinedDef;
    values: PrimitiveSet;
    isst: $ZodIssueInvalidType;
}
interface $ZodUndefined extends $ZodType {
    _zod: $ZodUndefinedInternals;
}
declare const $ZodUndefined: $constructor<$ZodUndefined>;
interface $ZodNullDef extends $ZodTypeDef {
    type: "null";
}
interface $ZodNullInternals extends $ZodTypeInternals<null, null> {
    pattern: RegExp;
    def: $ZodNullDef;
    values: PrimitiveSet;
    isst: $ZodIssueInvalidType;
}
interface $ZodNull extends $ZodType {
    _zod: $ZodNullInternals;
}
declare const $ZodNull: $constructor<$ZodNull>;
interface $ZodAnyDef extends $ZodTypeDef {
    type: "any";
}
interface $ZodAnyInternals extends $ZodTypeInternals<any, any> {
    def: $ZodAnyDef;
    isst: never;
}
interface $ZodAny extends $ZodType {
    _zod: $ZodAnyInternals;
}
declare const $ZodAny: $constructor<$ZodAny>;
interface $ZodUnknownDef extends $ZodTypeDef {
    type: "unknown";
}
interface $ZodUnknownInternals extends $ZodTypeInternals<unknown, unknown> {
    def: $ZodUnknownDef;
    isst: never;
}
interface $ZodUnknown extends $ZodType {
    _zod: $ZodUnknownInternals;
}
declare const $ZodUnknown: $constructor<$ZodUnknown>;
interface $ZodNeverDef extends $ZodTypeDef {
    type: "never";
}
interface $ZodNeverInternals extends $ZodTypeInternals<never, never> {
    def: $ZodNeverDef;
    isst: $ZodIssueInvalidType;
}
interface $ZodNever extends $ZodType {
    _zod: $ZodNeverInternals;
}
declare const $ZodNever: $constructor<$ZodNever>;
interface $ZodVoidDef extends $ZodTypeDef {
    type: "void";
}
interface $ZodVoidInternals extends $ZodTypeInternals<void, void> {
    def: $ZodVoidDef;
    isst: $ZodIssueInvalidType;
}
interface $ZodVoid extends $ZodType {
    _zod: $ZodVoidInternals;
}
declare const $ZodVoid: $constructor<$ZodVoid>;
interface $ZodDateDef extends $ZodTypeDef {
    type: "date";
    coerce?: boolean;
}
interface $ZodDateInternals<T = unknown> extends $ZodTypeInternals<Date, T> {
    def: $ZodDateDef;
    isst: $ZodIssueInvalidType;
    bag: LoosePartial<{
        minimum: Date;
        maximum: Date;
        format: string;
    }>;
}
interface $ZodDate<T = unknown> extends $ZodType {
    _zod: $ZodDateInternals<T>;
}
declare const $ZodDate: $constructor<$ZodDate>;
interface $ZodArrayDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "array";
    element: T;
}
interface $ZodArrayInternals<T extends SomeType = $ZodType> extends _$ZodTypeInternals {
    def: $ZodArrayDef<T>;
    isst: $ZodIssueInvalidType;
    output: output$1<T>[];
    input: input$1<T>[];
}
interface $ZodArray<T extends SomeType = $ZodType> extends $ZodType<any, any, $ZodArrayInternals<T>> {
}
declare const $ZodArray: $constructor<$ZodArray>;
type OptionalOutSchema = {
    _zod: {
        optout: "optional";
    };
};
type OptionalInSchema = {
    _zod: {
        optin: "optional" | "defaulted";
    };
};
type $InferObjectOutput<T extends $ZodLooseShape, Extra extends Record<string, unknown>> = string extends keyof T ? IsAny<T[keyof T]> extends true ? Record<string, unknown> : {
    [k in string]: output$1<T[keyof T]>;
} : keyof (T & Extra) extends never ? Record<string, never> : Prettify<{
    -readonly [k in keyof T as T[k] extends OptionalOutSchema ? never : k]: T[k]["_zod"]["output"];
} & {
    -readonly [k in keyof T as T[k] extends OptionalOutSchema ? k : never]?: T[k]["_zod"]["output"];
} & Extra>;
type $InferObjectInput<T extends $ZodLooseShape, Extra extends Record<string, unknown>> = string extends keyof T ? IsAny<T[keyof T]> extends true ? Record<string, unknown> : {
    [k in string]: input$1<T[keyof T]>;
} : keyof (T & Extra) extends never ? Record<string, never> : Prettify<{
    -readonly [k in keyof T as T[k] extends OptionalInSchema ? never : k]: T[k]["_zod"]["input"];
} & {
    -readonly [k in keyof T as T[k] extends OptionalInSchema ? k : never]?: T[k]["_zod"]["input"];
} & Extra>;
type $ZodObjectConfig = {
    out: Record<string, unknown>;
    in: Record<string, unknown>;
};
type $loose = {
    out: Record<string, unknown>;
    in: Record<string, unknown>;
};
type $strict = {
    out: {};
    in: {};
};
type $strip = {
    out: {};
    in: {};
};
type $catchall<T extends SomeType> = {
    out: {
        [k: string]: output$1<T>;
    };
    in: {
        [k: string]: input$1<T>;
    };
};
type $ZodShape = Readonly<{
    [k: string]: $ZodType;
}>;
interface $ZodObjectDef<Shape extends $ZodShape = $ZodShape> extends $ZodTypeDef {
    type: "object";
    shape: Shape;
    catchall?: $ZodType | undefined;
}
interface $ZodObjectInternals<
/** @ts-ignore Cast variance */
out Shape extends $ZodShape = $ZodShape, out Config extends $ZodObjectConfig = $ZodObjectConfig> extends _$ZodTypeInternals {
    def: $ZodObjectDef<Shape>;
    config: Config;
    isst: $ZodIssueInvalidType | $ZodIssueUnrecognizedKeys;
    propValues: PropValues;
    output: $InferObjectOutput<Shape, Config["out"]>;
    input: $InferObjectInput<Shape, Config["in"]>;
    optin?: "optional" | undefined;
    optout?: "optional" | undefined;
}
type $ZodLooseShape = Record<string, any>;
interface $ZodObject<
/** @ts-ignore Cast variance */
out Shape extends Readonly<$ZodShape> = Readonly<$ZodShape>, out Params extends $ZodObjectConfig = $ZodObjectConfig> extends $ZodType<any, any, $ZodObjectInternals<Shape, Params>> {
}
declare const $ZodObject: $constructor<$ZodObject>;
type $InferUnionOutput<T extends SomeType> = T extends any ? output$1<T> : never;
type $InferUnionInput<T extends SomeType> = T extends any ? input$1<T> : never;
interface $ZodUnionDef<Options extends readonly SomeType[] = readonly $ZodType[]> extends $ZodTypeDef {
    type: "union";
    options: Options;
    inclusive?: boolean;
}
type IsOptionalIn<T extends SomeType> = T extends OptionalInSchema ? true : false;
type IsOptionalOut<T extends SomeType> = T extends OptionalOutSchema ? true : false;
interface $ZodUnionInternals<T extends readonly SomeType[] = readonly $ZodType[]> extends _$ZodTypeInternals {
    def: $ZodUnionDef<T>;
    isst: $ZodIssueInvalidUnion;
    pattern: T[number]["_zod"]["pattern"];
    values: T[number]["_zod"]["values"];
    output: $InferUnionOutput<T[number]>;
    input: $InferUnionInput<T[number]>;
    optin: IsOptionalIn<T[number]> extends false ? "optional" | "defaulted" | undefined : "optional" | "defaulted";
    optout: IsOptionalOut<T[number]> extends false ? "optional" | undefined : "optional";
}
interface $ZodUnion<T extends readonly SomeType[] = readonly $ZodType[]> extends $ZodType<any, any, $ZodUnionInternals<T>> {
    _zod: $ZodUnionInternals<T>;
}
declare const $ZodUnion: $constructor<$ZodUnion>;
interface $ZodIntersectionDef<Left extends SomeType = $ZodType, Right extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "intersection";
    left: Left;
    right: Right;
}
interface $ZodIntersectionInternals<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends _$ZodTypeInternals {
    def: $ZodIntersectionDef<A, B>;
    isst: never;
    optin: A["_zod"]["optin"] | B["_zod"]["optin"];
    optout: A["_zod"]["optout"] | B["_zod"]["optout"];
    output: output$1<A> & output$1<B>;
    input: input$1<A> & input$1<B>;
}
interface $ZodIntersection<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodIntersectionInternals<A, B>;
}
declare const $ZodIntersection: $constructor<$ZodIntersection>;
interface $ZodTupleDef<T extends TupleItems = readonly $ZodType[], Rest extends SomeType | null = $ZodType | null> extends $ZodTypeDef {
    type: "tuple";
    items: T;
    rest: Rest;
}
type $InferTupleInputType<T extends TupleItems, Rest extends SomeType | null> = [
    ...TupleInputTypeWithOptionals<T>,
    ...(Rest extends SomeType ? input$1<Rest>[] : [])
];
type TupleInputTypeNoOptionals<T extends TupleItems> = {
    [k in keyof T]: input$1<T[k]>;
};
type TupleInputTypeWithOptionals<T extends TupleItems> = T extends readonly [
    ...infer Prefix extends SomeType[],
    infer Tail extends SomeType
] ? Tail["_zod"]["optin"] extends "optional" | "defaulted" ? [...TupleInputTypeWithOptionals<Prefix>, input$1<Tail>?] : TupleInputTypeNoOptionals<T> : [];
type $InferTupleOutputType<T extends TupleItems, Rest extends SomeType | null> = [
    ...TupleOutputTypeWithOptionals<T>,
    ...(Rest extends SomeType ? output$1<Rest>[] : [])
];
type TupleOutputTypeNoOptionals<T extends TupleItems> = {
    [k in keyof T]: output$1<T[k]>;
};
type TupleOutputTypeWithOptionals<T extends TupleItems> = T extends readonly [
    ...infer Prefix extends SomeType[],
    infer Tail extends SomeType
] ? Tail["_zod"]["optout"] extends "optional" ? [...TupleOutputTypeWithOptionals<Prefix>, output$1<Tail>?] : TupleOutputTypeNoOptionals<T> : [];
interface $ZodTupleInternals<T extends TupleItems = readonly $ZodType[], Rest extends SomeType | null = $ZodType | null> extends _$ZodTypeInternals {
    def: $ZodTupleDef<T, Rest>;
    isst: $ZodIssueInvalidType | $ZodIssueTooBig<unknown[]> | $ZodIssueTooSmall<unknown[]>;
    output: $InferTupleOutputType<T, Rest>;
    input: $InferTupleInputType<T, Rest>;
}
interface $ZodTuple<T extends TupleItems = readonly $ZodType[], Rest extends SomeType | null = $ZodType | null> extends $ZodType {
    _zod: $ZodTupleInternals<T, Rest>;
}
declare const $ZodTuple: $constructor<$ZodTuple>;
type $ZodRecordKey = $ZodType<string | number | symbol, unknown>;
interface $ZodRecordDef<Key extends $ZodRecordKey = $ZodRecordKey, Value extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "record";
    keyType: Key;
    valueType: Value;
    /** @default "strict" - errors on keys not matching keyType. "loose" passes through non-matching keys unchanged. */
    mode?: "strict" | "loose";
    partial?: boolean;
}
type $InferZodRecordOutput<Key extends $ZodRecordKey = $ZodRecordKey, Value extends SomeType = $ZodType> = Key extends $partial ? Partial<Record<output$1<Key>, output$1<Value>>> : Record<output$1<Key>, output$1<Value>>;
type $InferZodRecordInput<Key extends $ZodRecordKey = $ZodRecordKey, Value extends SomeType = $ZodType> = Key extends $partial ? Partial<Record<input$1<Key> & PropertyKey, input$1<Value>>> : [
    Value
] extends [OptionalInSchema] ? Partial<Record<input$1<Key> & PropertyKey, input$1<Value>>> : Record<input$1<Key> & PropertyKey, input$1<Value>>;
interface $ZodRecordInternals<Key extends $ZodRecordKey = $ZodRecordKey, Value extends SomeType = $ZodType> extends $ZodTypeInternals {
    def: $ZodRecordDef<Key, Value>;
    output: $InferZodRecordOutput<Key, Value>;
    input: $InferZodRecordInput<Key, Value>;
    isst: $ZodIssueInvalidType | $ZodIssueInvalidKey<Record<PropertyKey, unknown>>;
    optin?: "optional" | undefined;
    optout?: "optional" | undefined;
}
type $partial = {
    "~~partial": true;
};
interface $ZodRecord<Key extends $ZodRecordKey = $ZodRecordKey, Value extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodRecordInternals<Key, Value>;
}
declare const $ZodRecord: $constructor<$ZodRecord>;
interface $ZodMapDef<Key extends SomeType = $ZodType, Value extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "map";
    keyType: Key;
    valueType: Value;
}
interface $ZodMapInternals<Key extends SomeType = $ZodType, Value extends SomeType = $ZodType> extends $ZodTypeInternals<Map<output$1<Key>, output$1<Value>>, Map<input$1<Key>, input$1<Value>>> {
    def: $ZodMapDef<Key, Value>;
    isst: $ZodIssueInvalidType | $ZodIssueInvalidKey | $ZodIssueInvalidElement<unknown>;
    optin?: "optional" | undefined;
    optout?: "optional" | undefined;
}
interface $ZodMap<Key extends SomeType = $ZodType, Value extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodMapInternals<Key, Value>;
}
declare const $ZodMap: $constructor<$ZodMap>;
interface $ZodSetDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "set";
    valueType: T;
}
interface $ZodSetInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<Set<output$1<T>>, Set<input$1<T>>> {
    def: $ZodSetDef<T>;
    isst: $ZodIssueInvalidType;
    optin?: "optional" | undefined;
    optout?: "optional" | undefined;
}
interface $ZodSet<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodSetInternals<T>;
}
declare const $ZodSet: $constructor<$ZodSet>;
type $InferEnumOutput<T extends EnumLike> = T[keyof T] & {};
type $InferEnumInput<T extends EnumLike> = T[keyof T] & {};
interface $ZodEnumDef<T extends EnumLike = EnumLike> extends $ZodTypeDef {
    type: "enum";
    entries: T;
}
interface $ZodEnumInternals<
/** @ts-ignore Cast variance */
out T extends EnumLike = EnumLike> extends $ZodTypeInternals<$InferEnumOutput<T>, $InferEnumInput<T>> {
    def: $ZodEnumDef<T>;
    /** @deprecated Internal API, use with caution (not deprecated) */
    values: PrimitiveSet;
    /** @deprecated Internal API, use with caution (not deprecated) */
    pattern: RegExp;
    isst: $ZodIssueInvalidValue;
}
interface $ZodEnum<T extends EnumLike = EnumLike> extends $ZodType {
    _zod: $ZodEnumInternals<T>;
}
declare const $ZodEnum: $constructor<$ZodEnum>;
interface $ZodLiteralDef<T extends Literal> extends $ZodTypeDef {
    type: "literal";
    values: T[];
}
interface $ZodLiteralInternals<T extends Literal = Literal> extends $ZodTypeInternals<T, T> {
    def: $ZodLiteralDef<T>;
    values: Set<T>;
    pattern: RegExp;
    isst: $ZodIssueInvalidValue;
}
interface $ZodLiteral<T extends Literal = Literal> extends $ZodType {
    _zod: $ZodLiteralInternals<T>;
}
declare const $ZodLiteral: $constructor<$ZodLiteral>;
type _File = typeof globalThis extends {
    File: infer F extends new (...args: any[]) => any;
} ? InstanceType<F> : {};
/** Do not reference this directly. */
interface File extends _File {
    readonly type: string;
    readonly size: number;
}
interface $ZodFileDef extends $ZodTypeDef {
    type: "file";
}
interface $ZodFileInternals extends $ZodTypeInternals<File, File> {
    def: $ZodFileDef;
    isst: $ZodIssueInvalidType;
    bag: LoosePartial<{
        minimum: number;
        maximum: number;
        mime: MimeTypes[];
    }>;
}
interface $ZodFile extends $ZodType {
    _zod: $ZodFileInternals;
}
declare const $ZodFile: $constructor<$ZodFile>;
interface $ZodTransformDef extends $ZodTypeDef {
    type: "transform";
    transform: (input: unknown, payload: ParsePayload<unknown>) => MaybeAsync<unknown>;
}
interface $ZodTransformInternals<O = unknown, I = unknown> extends $ZodTypeInternals<O, I> {
    def: $ZodTransformDef;
    isst: never;
}
interface $ZodTransform<O = unknown, I = unknown> extends $ZodType {
    _zod: $ZodTransformInternals<O, I>;
}
declare const $ZodTransform: $constructor<$ZodTransform>;
interface $ZodOptionalDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "optional";
    innerType: T;
}
interface $ZodOptionalInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<output$1<T> | undefined, input$1<T> | undefined> {
    def: $ZodOptionalDef<T>;
    optin: "optional" | "defaulted";
    optout: "optional";
    isst: never;
    values: T["_zod"]["values"];
    pattern: T["_zod"]["pattern"];
}
interface $ZodOptional<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodOptionalInternals<T>;
}
declare const $ZodOptional: $constructor<$ZodOptional>;
interface $ZodExactOptionalDef<T extends SomeType = $ZodType> extends $ZodOptionalDef<T> {
}
interface $ZodExactOptionalInternals<T extends SomeType = $ZodType> extends $ZodOptionalInternals<T> {
    def: $ZodExactOptionalDef<T>;
    output: output$1<T>;
    input: input$1<T>;
}
interface $ZodExactOptional<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodExactOptionalInternals<T>;
}
declare const $ZodExactOptional: $constructor<$ZodExactOptional>;
interface $ZodNullableDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "nullable";
    innerType: T;
}
interface $ZodNullableInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<output$1<T> | null, input$1<T> | null> {
    def: $ZodNullableDef<T>;
    optin: T["_zod"]["optin"];
    optout: T["_zod"]["optout"];
    isst: never;
    values: T["_zod"]["values"];
    pattern: T["_zod"]["pattern"];
}
interface $ZodNullable<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodNullableInternals<T>;
}
declare const $ZodNullable: $constructor<$ZodNullable>;
interface $ZodDefaultDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "default";
    innerType: T;
    /** The default value. May be a getter. */
    defaultValue: NoUndefined<output$1<T>>;
}
interface $ZodDefaultInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<NoUndefined<output$1<T>>, input$1<T> | undefined> {
    def: $ZodDefaultDef<T>;
    optin: "defaulted";
    optout?: "optional" | undefined;
    isst: never;
    values: T["_zod"]["values"];
}
interface $ZodDefault<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodDefaultInternals<T>;
}
declare const $ZodDefault: $constructor<$ZodDefault>;
interface $ZodPrefaultDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "prefault";
    innerType: T;
    /** The default value. May be a getter. */
    defaultValue: input$1<T>;
}
interface $ZodPrefaultInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<output$1<T>, input$1<T> | undefined> {
    def: $ZodPrefaultDef<T>;
    optin: "defaulted";
    optout?: "optional" | undefined;
    isst: never;
    values: T["_zod"]["values"];
}
interface $ZodPrefault<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodPrefaultInternals<T>;
}
declare const $ZodPrefault: $constructor<$ZodPrefault>;
interface $ZodNonOptionalDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "nonoptional";
    innerType: T;
}
interface $ZodNonOptionalInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<NoUndefined<output$1<T>>, NoUndefined<input$1<T>>> {
    def: $ZodNonOptionalDef<T>;
    isst: $ZodIssueInvalidType;
    values: T["_zod"]["values"];
    optin: "optional" | undefined;
    optout: "optional" | undefined;
}
interface $ZodNonOptional<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodNonOptionalInternals<T>;
}
declare const $ZodNonOptional: $constructor<$ZodNonOptional>;
interface $ZodSuccessDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "success";
    innerType: T;
}
interface $ZodSuccessInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<boolean, input$1<T>> {
    def: $ZodSuccessDef<T>;
    isst: never;
    optin: T["_zod"]["optin"];
    optout: "optional" | undefined;
}
interface $ZodSuccess<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodSuccessInternals<T>;
}
declare const $ZodSuccess: $constructor<$ZodSuccess>;
interface $ZodCatchCtx extends ParsePayload {
    /** @deprecated Use `ctx.issues` */
    error: {
        issues: $ZodIssue[];
    };
    /** @deprecated Use `ctx.value` */
    input: unknown;
}
interface $ZodCatchDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "catch";
    innerType: T;
    catchValue: (ctx: $ZodCatchCtx) => unknown;
}
interface $ZodCatchInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<output$1<T>, input$1<T>> {
    def: $ZodCatchDef<T>;
    optin: T["_zod"]["optin"];
    optout: T["_zod"]["optout"];
    isst: never;
    values: T["_zod"]["values"];
}
interface $ZodCatch<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodCatchInternals<T>;
}
declare const $ZodCatch: $constructor<$ZodCatch>;
interface $ZodNaNDef extends $ZodTypeDef {
    type: "nan";
}
interface $ZodNaNInternals extends $ZodTypeInternals<number, number> {
    def: $ZodNaNDef;
    isst: $ZodIssueInvalidType;
}
interface $ZodNaN extends $ZodType {
    _zod: $ZodNaNInternals;
}
declare const $ZodNaN: $constructor<$ZodNaN>;
interface $ZodPipeDef<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "pipe";
    in: A;
    out: B;
    /** Only defined inside $ZodCodec instances. */
    transform?: (value: output$1<A>, payload: ParsePayload<output$1<A>>) => MaybeAsync<input$1<B>>;
    /** Only defined inside $ZodCodec instances. */
    reverseTransform?: (value: input$1<B>, payload: ParsePayload<input$1<B>>) => MaybeAsync<output$1<A>>;
}
interface $ZodPipeInternals<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends $ZodTypeInternals<output$1<B>, input$1<A>> {
    def: $ZodPipeDef<A, B>;
    isst: never;
    values: A["_zod"]["values"];
    optin: A["_zod"]["optin"];
    optout: B["_zod"]["optout"];
    propValues: A["_zod"]["propValues"];
}
interface $ZodPipe<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodPipeInternals<A, B>;
}
declare const $ZodPipe: $constructor<$ZodPipe>;
interface $ZodReadonlyDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "readonly";
    innerType: T;
}
interface $ZodReadonlyInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<MakeReadonly<output$1<T>>, MakeReadonly<input$1<T>>> {
    def: $ZodReadonlyDef<T>;
    optin: T["_zod"]["optin"];
    optout: T["_zod"]["optout"];
    isst: never;
    propValues: T["_zod"]["propValues"];
    values: T["_zod"]["values"];
}
interface $ZodReadonly<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodReadonlyInternals<T>;
}
declare const $ZodReadonly: $constructor<$ZodReadonly>;
interface $ZodTemplateLiteralDef extends $ZodTypeDef {
    type: "template_literal";
    parts: $ZodTemplateLiteralPart[];
    format?: string | undefined;
}
interface $ZodTemplateLiteralInternals<Template extends string = string> extends $ZodTypeInternals<Template, Template> {
    pattern: RegExp;
    def: $ZodTemplateLiteralDef;
    isst: $ZodIssueInvalidType;
}
type LiteralPart = Exclude<Literal, symbol>;
interface SchemaPartInternals extends $ZodTypeInternals<LiteralPart, LiteralPart> {
    pattern: RegExp;
}
interface SchemaPart extends $ZodType {
    _zod: SchemaPartInternals;
}
type $ZodTemplateLiteralPart = LiteralPart | SchemaPart;
interface $ZodTemplateLiteral<Template extends string = string> extends $ZodType {
    _zod: $ZodTemplateLiteralInternals<Template>;
}
declare const $ZodTemplateLiteral: $constructor<$ZodTemplateLiteral>;
type $ZodFunctionArgs = $ZodType<unknown[], unknown[]>;
type $ZodFunctionIn = $ZodFunctionArgs;
type $ZodFunctionOut = $ZodType;
type $InferInnerFunctionType<Args extends $ZodFunctionIn, Returns extends $ZodFunctionOut> = (...args: $ZodFunctionIn extends Args ? never[] : output$1<Args>) => input$1<Returns>;
type $InferInnerFunctionTypeAsync<Args extends $ZodFunctionIn, Returns extends $ZodFunctionOut> = (...args: $ZodFunctionIn extends Args ? never[] : output$1<Args>) => MaybeAsync<input$1<Returns>>;
type $InferOuterFunctionType<Args extends $ZodFunctionIn, Returns extends $ZodFunctionOut> = (...args: $ZodFunctionIn extends Args ? never[] : input$1<Args>) => output$1<Returns>;
type $InferOuterFunctionTypeAsync<Args extends $ZodFunctionIn, Returns extends $ZodFunctionOut> = (...args: $ZodFunctionIn extends Args ? never[] : input$1<Args>) => Promise<output$1<Returns>>;
interface $ZodFunctionDef<In extends $ZodFunctionIn = $ZodFunctionIn, Out extends $ZodFunctionOut = $ZodFunctionOut> extends $ZodTypeDef {
    type: "function";
    input: In;
    output: Out;
}
interface $ZodFunctionInternals<Args extends $ZodFunctionIn, Returns extends $ZodFunctionOut> extends $ZodTypeInternals<$InferOuterFunctionType<Args, Returns>, $InferInnerFunctionType<Args, Returns>> {
    def: $ZodFunctionDef<Args, Returns>;
    isst: $ZodIssueInvalidType;
}
interface $ZodFunction<Args extends $ZodFunctionIn = $ZodFunctionIn, Returns extends $ZodFunctionOut = $ZodFunctionOut> extends $ZodType<any, any, $ZodFunctionInternals<Args, Returns>> {
    /** @deprecated */
    _def: $ZodFunctionDef<Args, Returns>;
    _input: $InferInnerFunctionType<Args, Returns>;
    _output: $InferOuterFunctionType<Args, Returns>;
    implement<F extends $InferInnerFunctionType<Args, Returns>>(func: F): (...args: Parameters<this["_output"]>) => ReturnType<F> extends ReturnType<this["_output"]> ? ReturnType<F> : ReturnType<this["_output"]>;
    implementAsync<F extends $InferInnerFunctionTypeAsync<Args, Returns>>(func: F): F extends $InferOuterFunctionTypeAsync<Args, Returns> ? F : $InferOuterFunctionTypeAsync<Args, Returns>;
    input<const Items extends TupleItems, const Rest extends $ZodFunctionOut = $ZodFunctionOut>(args: Items, rest?: Rest): $ZodFunction<$ZodTuple<Items, Rest>, Returns>;
    input<NewArgs extends $ZodFunctionIn>(args: NewArgs): $ZodFunction<NewArgs, Returns>;
    input(...args: any[]): $ZodFunction<any, Returns>;
    output<NewReturns extends $ZodType>(output: NewReturns): $ZodFunction<Args, NewReturns>;
}
declare const $ZodFunction: $constructor<$ZodFunction>;
interface $ZodPromiseDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "promise";
    innerType: T;
}
interface $ZodPromiseInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<Promise<output$1<T>>, MaybeAsync<input$1<T>>> {
    def: $ZodPromiseDef<T>;
    isst: never;
}
interface $ZodPromise<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodPromiseInternals<T>;
}
declare const $ZodPromise: $constructor<$ZodPromise>;
interface $ZodLazyDef<T extends SomeType = $ZodType> extends $ZodTypeDef {
    type: "lazy";
    getter: () => T;
}
interface $ZodLazyInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<output$1<T>, input$1<T>> {
    def: $ZodLazyDef<T>;
    isst: never;
    /** Auto-cached way to retrieve the inner schema */
    innerType: T;
    pattern: T["_zod"]["pattern"];
    propValues: T["_zod"]["propValues"];
    optin: T["_zod"]["optin"];
    optout: T["_zod"]["optout"];
}
interface $ZodLazy<T extends SomeType = $ZodType> extends $ZodType {
    _zod: $ZodLazyInternals<T>;
}
declare const $ZodLazy: $constructor<$ZodLazy>;
interface $ZodCustomDef<O = unknown> extends $ZodTypeDef, $ZodCheckDef {
    type: "custom";
    check: "custom";
    path?: PropertyKey[] | undefined;
    error?: $ZodErrorMap | undefined;
    params?: Record<string, any> | undefined;
    fn: (arg: O) => unknown;
}
interface $ZodCustomInternals<O = unknown, I = unknown> extends $ZodTypeInternals<O, I>, $ZodCheckInternals<O> {
    def: $ZodCustomDef;
    issc: $ZodIssue;
    isst: never;
    bag: LoosePartial<{
        Class: typeof Class;
    }>;
}
interface $ZodCustom<O = unknown, I = unknown> extends $ZodType {
    _zod: $ZodCustomInternals<O, I>;
}
declare const $ZodCustom: $constructor<$ZodCustom>;
type $ZodTypes = $ZodString | $ZodNumber | $ZodBigInt | $ZodBoolean | $ZodDate | $ZodSymbol | $ZodUndefined | $ZodNullable | $ZodNull | $ZodAny | $ZodUnknown | $ZodNever | $ZodVoid | $ZodArray | $ZodObject | $ZodUnion | $ZodIntersection | $ZodTuple | $ZodRecord | $ZodMap | $ZodSet | $ZodLiteral | $ZodEnum | $ZodFunction | $ZodPromise | $ZodLazy | $ZodOptional | $ZodDefault | $ZodPrefault | $ZodTemplateLiteral | $ZodCustom | $ZodTransform | $ZodNonOptional | $ZodReadonly | $ZodNaN | $ZodPipe | $ZodSuccess | $ZodCatch | $ZodFile;

interface $ZodCheckDef {
    check: string;
    error?: $ZodErrorMap<never> | undefined;
    /** If true, no later checks will be executed if this check fails. Default `false`. */
    abort?: boolean | undefined;
    /** If provided, the check runs only when this returns `true`. By default, it is skipped if prior parsing produced aborting issues. */
    when?: ((payload: ParsePayload) => boolean) | undefined;
}
interface $ZodCheckInternals<T> {
    def: $ZodCheckDef;
    /** The set of issues this check might throw. */
    issc?: $ZodIssueBase;
    check(payload: ParsePayload<T>): MaybeAsync<void>;
    onattach: ((schema: $ZodType) => void)[];
}
interface $ZodCheck<in T = never> {
    _zod: $ZodCheckInternals<T>;
}
declare const $ZodCheck: $constructor<$ZodCheck<any>>;
interface $ZodCheckLessThanDef extends $ZodCheckDef {
    check: "less_than";
    value: Numeric;
    inclusive: boolean;
}
interface $ZodCheckLessThanInternals<T extends Numeric = Numeric> extends $ZodCheckInternals<T> {
    def: $ZodCheckLessThanDef;
    issc: $ZodIssueTooBig<T>;
}
interface $ZodCheckLessThan<T extends Numeric = Numeric> extends $ZodCheck<T> {
    _zod: $ZodCheckLessThanInternals<T>;
}
declare const $ZodCheckLessThan: $constructor<$ZodCheckLessThan>;
interface $ZodCheckGreaterThanDef extends $ZodCheckDef {
    check: "greater_than";
    value: Numeric;
    inclusive: boolean;
}
interface $ZodCheckGreaterThanInternals<T extends Numeric = Numeric> extends $ZodCheckInternals<T> {
    def: $ZodCheckGreaterThanDef;
    issc: $ZodIssueTooSmall<T>;
}
interface $ZodCheckGreaterThan<T extends Numeric = Numeric> extends $ZodCheck<T> {
    _zod: $ZodCheckGreaterThanInternals<T>;
}
declare const $ZodCheckGreaterThan: $constructor<$ZodCheckGreaterThan>;
interface $ZodCheckMultipleOfDef<T extends number | bigint = number | bigint> extends $ZodCheckDef {
    check: "multiple_of";
    value: T;
}
interface $ZodCheckMultipleOfInternals<T extends number | bigint = number | bigint> extends $ZodCheckInternals<T> {
    def: $ZodCheckMultipleOfDef<T>;
    issc: $ZodIssueNotMultipleOf;
}
interface $ZodCheckMultipleOf<T extends number | bigint = number | bigint> extends $ZodCheck<T> {
    _zod: $ZodCheckMultipleOfInternals<T>;
}
declare const $ZodCheckMultipleOf: $constructor<$ZodCheckMultipleOf<number | bigint>>;
type $ZodNumberFormats = "int32" | "uint32" | "float32" | "float64" | "safeint";
interface $ZodCheckNumberFormatDef<Format extends $ZodNumberFormats = $ZodNumberFormats> extends $ZodCheckDef {
    check: "number_format";
    format: Format;
}
interface $ZodCheckNumberFormatInternals<Format extends $ZodNumberFormats = $ZodNumberFormats> extends $ZodCheckInternals<number> {
    def: $ZodCheckNumberFormatDef<Format>;
    issc: $ZodIssueInvalidType | $ZodIssueTooBig<"number"> | $ZodIssueTooSmall<"number">;
}
interface $ZodCheckNumberFormat<Format extends $ZodNumberFormats = $ZodNumberFormats> extends $ZodCheck<number> {
    _zod: $ZodCheckNumberFormatInternals<Format>;
}
declare const $ZodCheckNumberFormat: $constructor<$ZodCheckNumberFormat>;
interface $ZodCheckMaxLengthDef extends $ZodCheckDef {
    check: "max_length";
    maximum: number;
}
interface $ZodCheckMaxLengthInternals<T extends HasLength = HasLength> extends $ZodCheckInternals<T> {
    def: $ZodCheckMaxLengthDef;
    issc: $ZodIssueTooBig<T>;
}
interface $ZodCheckMaxLength<T extends HasLength = HasLength> extends $ZodCheck<T> {
    _zod: $ZodCheckMaxLengthInternals<T>;
}
declare const $ZodCheckMaxLength: $constructor<$ZodCheckMaxLength>;
interface $ZodCheckMinLengthDef extends $ZodCheckDef {
    check: "min_length";
    minimum: number;
}
interface $ZodCheckMinLengthInternals<T extends HasLength = HasLength> extends $ZodCheckInternals<T> {
    def: $ZodCheckMinLengthDef;
    issc: $ZodIssueTooSmall<T>;
}
interface $ZodCheckMinLength<T extends HasLength = HasLength> extends $ZodCheck<T> {
    _zod: $ZodCheckMinLengthInternals<T>;
}
declare const $ZodCheckMinLength: $constructor<$ZodCheckMinLength>;
interface $ZodCheckLengthEqualsDef extends $ZodCheckDef {
    check: "length_equals";
    length: number;
}
interface $ZodCheckLengthEqualsInternals<T extends HasLength = HasLength> extends $ZodCheckInternals<T> {
    def: $ZodCheckLengthEqualsDef;
    issc: $ZodIssueTooBig<T> | $ZodIssueTooSmall<T>;
}
interface $ZodCheckLengthEquals<T extends HasLength = HasLength> extends $ZodCheck<T> {
    _zod: $ZodCheckLengthEqualsInternals<T>;
}
declare const $ZodCheckLengthEquals: $constructor<$ZodCheckLengthEquals>;
type $ZodStringFormats = "email" | "url" | "emoji" | "uuid" | "guid" | "nanoid" | "cuid" | "cuid2" | "ulid" | "xid" | "ksuid" | "datetime" | "date" | "time" | "duration" | "ipv4" | "ipv6" | "cidrv4" | "cidrv6" | "base64" | "base64url" | "json_string" | "e164" | "credit_card" | "iban" | "lowercase" | "uppercase" | "regex" | "jwt" | "starts_with" | "ends_with" | "includes";
interface $ZodCheckStringFormatDef<Format extends string = string> extends $ZodCheckDef {
    check: "string_format";
    format: Format;
    pattern?: RegExp | undefined;
}
interface $ZodCheckStringFormatInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckStringFormatDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckRegexDef extends $ZodCheckStringFormatDef {
    format: "regex";
    pattern: RegExp;
}
interface $ZodCheckRegexInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckRegexDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckRegex extends $ZodCheck<string> {
    _zod: $ZodCheckRegexInternals;
}
declare const $ZodCheckRegex: $constructor<$ZodCheckRegex>;
interface $ZodCheckLowerCaseDef extends $ZodCheckStringFormatDef<"lowercase"> {
}
interface $ZodCheckLowerCaseInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckLowerCaseDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckLowerCase extends $ZodCheck<string> {
    _zod: $ZodCheckLowerCaseInternals;
}
declare const $ZodCheckLowerCase: $constructor<$ZodCheckLowerCase>;
interface $ZodCheckUpperCaseDef extends $ZodCheckStringFormatDef<"uppercase"> {
}
interface $ZodCheckUpperCaseInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckUpperCaseDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckUpperCase extends $ZodCheck<string> {
    _zod: $ZodCheckUpperCaseInternals;
}
declare const $ZodCheckUpperCase: $constructor<$ZodCheckUpperCase>;
interface $ZodCheckIncludesDef extends $ZodCheckStringFormatDef<"includes"> {
    includes: string;
    position?: number | undefined;
}
interface $ZodCheckIncludesInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckIncludesDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckIncludes extends $ZodCheck<string> {
    _zod: $ZodCheckIncludesInternals;
}
declare const $ZodCheckIncludes: $constructor<$ZodCheckIncludes>;
interface $ZodCheckStartsWithDef extends $ZodCheckStringFormatDef<"starts_with"> {
    prefix: string;
}
interface $ZodCheckStartsWithInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckStartsWithDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckStartsWith extends $ZodCheck<string> {
    _zod: $ZodCheckStartsWithInternals;
}
declare const $ZodCheckStartsWith: $constructor<$ZodCheckStartsWith>;
interface $ZodCheckEndsWithDef extends $ZodCheckStringFormatDef<"ends_with"> {
    suffix: string;
}
interface $ZodCheckEndsWithInternals extends $ZodCheckInternals<string> {
    def: $ZodCheckEndsWithDef;
    issc: $ZodIssueInvalidStringFormat;
}
interface $ZodCheckEndsWith extends $ZodCheckInternals<string> {
    _zod: $ZodCheckEndsWithInternals;
}
declare const $ZodCheckEndsWith: $constructor<$ZodCheckEndsWith>;

interface $ZodIssueBase {
    readonly code?: string;
    readonly input?: unknown;
    readonly path: PropertyKey[];
    readonly message: string;
}
type $ZodInvalidTypeExpected = "string" | "number" | "int" | "boolean" | "bigint" | "symbol" | "undefined" | "null" | "never" | "void" | "date" | "array" | "object" | "tuple" | "record" | "map" | "set" | "file" | "nonoptional" | "nan" | "function" | (string & {});
interface $ZodIssueInvalidType<Input = unknown> extends $ZodIssueBase {
    readonly code: "invalid_type";
    readonly expected: $ZodInvalidTypeExpected;
    readonly input?: Input;
}
interface $ZodIssueTooBig<Input = unknown> extends $ZodIssueBase {
    readonly code: "too_big";
    readonly origin: "number" | "int" | "bigint" | "date" | "string" | "array" | "set" | "file" | (string & {});
    readonly maximum: number | bigint;
    readonly inclusive?: boolean;
    readonly exact?: boolean;
    readonly input?: Input;
}
interface $ZodIssueTooSmall<Input = unknown> extends $ZodIssueBase {
    readonly code: "too_small";
    readonly origin: "number" | "int" | "bigint" | "date" | "string" | "array" | "set" | "file" | (string & {});
    readonly minimum: number | bigint;
    /** True if the allowable range includes the minimum */
    readonly inclusive?: boolean;
    /** True if the allowed value is fixed (e.g.` z.length(5)`), not a range (`z.minLength(5)`) */
    readonly exact?: boolean;
    readonly input?: Input;
}
interface $ZodIssueInvalidStringFormat extends $ZodIssueBase {
    readonly code: "invalid_format";
    readonly format: $ZodStringFormats | (string & {});
    readonly pattern?: string;
    readonly input?: string;
}
interface $ZodIssueNotMultipleOf<Input extends number | bigint = number | bigint> extends $ZodIssueBase {
    readonly code: "not_multiple_of";
    readonly divisor: number;
    readonly input?: Input;
}
interface $ZodIssueUnrecognizedKeys extends $ZodIssueBase {
    readonly code: "unrecognized_keys";
    readonly keys: string[];
    readonly input?: Record<string, unknown>;
}
interface $ZodIssueInvalidUnionNoMatch extends $ZodIssueBase {
    readonly code: "invalid_union";
    readonly errors: $ZodIssue[][];
    readonly input?: unknown;
    readonly discriminator?: string | undefined;
    readonly options?: Primitive[];
    readonly inclusive?: true;
}
interface $ZodIssueInvalidUnionMultipleMatch extends $ZodIssueBase {
    readonly code: "invalid_union";
    readonly errors: [];
    readonly input?: unknown;
    readonly discriminator?: string | undefined;
    readonly inclusive: false;
    /** Indices of the options that matched */
    readonly matches: number[];
}
type $ZodIssueInvalidUnion = $ZodIssueInvalidUnionNoMatch | $ZodIssueInvalidUnionMultipleMatch;
interface $ZodIssueInvalidKey<Input = unknown> extends $ZodIssueBase {
    readonly code: "invalid_key";
    readonly origin: "map" | "record";
    readonly issues: $ZodIssue[];
    readonly input?: Input;
}
interface $ZodIssueInvalidElement<Input = unknown> extends $ZodIssueBase {
    readonly code: "invalid_element";
    readonly origin: "map" | "set";
    readonly key: unknown;
    readonly issues: $ZodIssue[];
    readonly input?: Input;
}
interface $ZodIssueInvalidValue<Input = unknown> extends $ZodIssueBase {
    readonly code: "invalid_value";
    readonly values: Primitive[];
    readonly input?: Input;
}
interface $ZodIssueCustom extends $ZodIssueBase {
    readonly code: "custom";
    readonly params?: Record<string, any> | undefined;
    readonly input?: unknown;
}
type $ZodIssue = $ZodIssueInvalidType | $ZodIssueTooBig | $ZodIssueTooSmall | $ZodIssueInvalidStringFormat | $ZodIssueNotMultipleOf | $ZodIssueUnrecognizedKeys | $ZodIssueInvalidUnion | $ZodIssueInvalidKey | $ZodIssueInvalidElement | $ZodIssueInvalidValue | $ZodIssueCustom;
type $ZodInternalIssue<T extends $ZodIssueBase = $ZodIssue> = T extends any ? RawIssue$1<T> : never;
type RawIssue$1<T extends $ZodIssueBase> = T extends any ? Flatten<MakePartial<T, "message" | "path"> & {
    /** The input data */
    readonly input: unknown;
    /** The schema or check that originated this issue. */
    readonly inst?: $ZodType | $ZodCheck;
    /** The schema that owns the issue. Equal to `inst` when a schema originated the issue, and the schema the check was attached to when a check did. */
    readonly schema?: $ZodType | undefined;
    /** If `true`, Zod will continue executing checks/refinements after this issue. */
    readonly continue?: boolean | undefined;
} & Record<string, unknown>> : never;
type $ZodRawIssue<T extends $ZodIssueBase = $ZodIssue> = $ZodInternalIssue<T>;
interface $ZodErrorMap<T extends $ZodIssueBase = $ZodIssue> {
    (issue: $ZodRawIssue<T>): {
        message: string;
    } | string | undefined | null;
}
interface $ZodError<T = unknown> extends Error {
    type: T;
    issues: $ZodIssue[];
    _zod: {
        output: T;
        def: $ZodIssue[];
    };
    stack?: string;
    name: string;
}
declare const $ZodError: $constructor<$ZodError>;
type $ZodFlattenedError<T, U = string> = _FlattenedError<T, U>;
type _FlattenedError<T, U = string> = {
    formErrors: U[];
    fieldErrors: {
        [P in keyof T]?: U[];
    };
};
type _ZodFormattedError<T, U = string> = T extends [any, ...any[]] ? {
    [K in keyof T]?: $ZodFormattedError<T[K], U>;
} : T extends any[] ? {
    [k: number]: $ZodFormattedError<T[number], U>;
} : T extends object ? Flatten<{
    [K in keyof T]?: $ZodFormattedError<T[K], U>;
}> : any;
type $ZodFormattedError<T, U = string> = {
    _errors: U[];
} & Flatten<_ZodFormattedError<T, U>>;

type ZodTrait = {
    _zod: {
        def: any;
        [k: string]: any;
    };
};
interface $constructorParams {
    Parent?: typeof Class;
}
interface $constructor<T extends ZodTrait, D = T["_zod"]["def"]> {
    new (def: D): T;
    init(inst: T, def: D): asserts inst is T;
}
declare function $constructor<T extends ZodTrait, D = T["_zod"]["def"]>(name: string, initializer: (inst: T, def: D) => void, 
/** This trait's members, installed once on every prototype that composes it. They cannot be declared in the initializer above: that runs per instance, and the prototype is shared. */
proto?: ProtoOf<T>, params?: $constructorParams): $constructor<T, D>;
declare const $brand: unique symbol;
type $brand<T extends string | number | symbol = string | number | symbol> = {
    [$brand]: {
        [k in T]: true;
    };
};
type $ZodBranded<T extends SomeType, Brand extends string | number | symbol, Dir extends "in" | "out" | "inout" = "out"> = T & (Dir extends "inout" ? {
    _zod: {
        input: input$1<T> & $brand<Brand>;
        output: output$1<T> & $brand<Brand>;
    };
} : Dir extends "in" ? {
    _zod: {
        input: input$1<T> & $brand<Brand>;
    };
} : {
    _zod: {
        output: output$1<T> & $brand<Brand>;
    };
});
type input$1<T> = T extends {
    _zod: {
        input: any;
    };
} ? T["_zod"]["input"] : unknown;
type output$1<T> = T extends {
    _zod: {
        output: any;
    };
} ? T["_zod"]["output"] : unknown;

type Params<T extends $ZodType | $ZodCheck, IssueTypes extends $ZodIssueBase, OmitKeys extends keyof T["_zod"]["def"] = never> = Flatten<Partial<EmptyToNever<Omit<T["_zod"]["def"], OmitKeys> & ([IssueTypes] extends [never] ? {} : {
    error?: string | $ZodErrorMap<IssueTypes> | undefined;
    /** @deprecated This parameter is deprecated. Use `error` instead. */
    message?: string | undefined;
})>>>;
type TypeParams<T extends $ZodType = $ZodType & {
    _isst: never;
}, AlsoOmit extends Exclude<keyof T["_zod"]["def"], "type" | "checks" | "error"> = never> = Params<T, NonNullable<T["_zod"]["isst"]>, "type" | "checks" | "error" | AlsoOmit>;
type CheckParams<T extends $ZodCheck = $ZodCheck, // & { _issc: never },
AlsoOmit extends Exclude<keyof T["_zod"]["def"], "check" | "error"> = never> = Params<T, NonNullable<T["_zod"]["issc"]>, "check" | "error" | AlsoOmit>;
type CheckStringFormatParams<T extends $ZodStringFormat = $ZodStringFormat, AlsoOmit extends Exclude<keyof T["_zod"]["def"], "type" | "coerce" | "checks" | "error" | "check" | "format"> = never> = Params<T, NonNullable<T["_zod"]["issc"]>, "type" | "coerce" | "checks" | "error" | "check" | "format" | AlsoOmit>;
type CheckTypeParams<T extends $ZodType & $ZodCheck = $ZodType & $ZodCheck, AlsoOmit extends Exclude<keyof T["_zod"]["def"], "type" | "checks" | "error" | "check"> = never> = Params<T, NonNullable<T["_zod"]["isst"] | T["_zod"]["issc"]>, "type" | "checks" | "error" | "check" | AlsoOmit>;
type $ZodCheckEmailParams = CheckStringFormatParams<$ZodEmail, "when">;
type $ZodCheckGUIDParams = CheckStringFormatParams<$ZodGUID, "pattern" | "when">;
type $ZodCheckUUIDParams = CheckStringFormatParams<$ZodUUID, "pattern" | "when">;
type $ZodCheckURLParams = CheckStringFormatParams<$ZodURL, "when">;
type $ZodCheckEmojiParams = CheckStringFormatParams<$ZodEmoji, "when">;
type $ZodCheckNanoIDParams = CheckStringFormatParams<$ZodNanoID, "when" | "pattern">;
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link _cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
type $ZodCheckCUIDParams = CheckStringFormatParams<$ZodCUID, "when">;
type $ZodCheckCUID2Params = CheckStringFormatParams<$ZodCUID2, "when">;
type $ZodCheckULIDParams = CheckStringFormatParams<$ZodULID, "when">;
type $ZodCheckXIDParams = CheckStringFormatParams<$ZodXID, "when">;
type $ZodCheckKSUIDParams = CheckStringFormatParams<$ZodKSUID, "when">;
type $ZodCheckIPv4Params = CheckStringFormatParams<$ZodIPv4, "pattern" | "when" | "version">;
type $ZodCheckIPv6Params = CheckStringFormatParams<$ZodIPv6, "pattern" | "when" | "version">;
type $ZodCheckCIDRv4Params = CheckStringFormatParams<$ZodCIDRv4, "pattern" | "when">;
type $ZodCheckCIDRv6Params = CheckStringFormatParams<$ZodCIDRv6, "pattern" | "when">;
type $ZodCheckBase64Params = CheckStringFormatParams<$ZodBase64, "pattern" | "when">;
type $ZodCheckBase64URLParams = CheckStringFormatParams<$ZodBase64URL, "pattern" | "when">;
type $ZodCheckE164Params = CheckStringFormatParams<$ZodE164, "when">;
type $ZodCheckJWTParams = CheckStringFormatParams<$ZodJWT, "pattern" | "when">;
type $ZodCheckISODateTimeParams = CheckStringFormatParams<$ZodISODateTime, "pattern" | "when">;
type $ZodCheckISODateParams = CheckStringFormatParams<$ZodISODate, "pattern" | "when">;
type $ZodCheckISOTimeParams = CheckStringFormatParams<$ZodISOTime, "pattern" | "when">;
type $ZodCheckISODurationParams = CheckStringFormatParams<$ZodISODuration, "when">;
type $ZodCheckNumberFormatParams = CheckParams<$ZodCheckNumberFormat, "format" | "when">;
type $ZodCheckLessThanParams = CheckParams<$ZodCheckLessThan, "inclusive" | "value" | "when">;
type $ZodCheckGreaterThanParams = CheckParams<$ZodCheckGreaterThan, "inclusive" | "value" | "when">;
type $ZodCheckMultipleOfParams = CheckParams<$ZodCheckMultipleOf, "value" | "when">;
type $ZodCheckMaxLengthParams = CheckParams<$ZodCheckMaxLength, "maximum" | "when">;
type $ZodCheckMinLengthParams = CheckParams<$ZodCheckMinLength, "minimum" | "when">;
type $ZodCheckLengthEqualsParams = CheckParams<$ZodCheckLengthEquals, "length" | "when">;
type $ZodCheckRegexParams = CheckParams<$ZodCheckRegex, "format" | "pattern" | "when">;
type $ZodCheckLowerCaseParams = CheckParams<$ZodCheckLowerCase, "format" | "when">;
type $ZodCheckUpperCaseParams = CheckParams<$ZodCheckUpperCase, "format" | "when">;
type $ZodCheckIncludesParams = CheckParams<$ZodCheckIncludes, "includes" | "format" | "when" | "pattern">;
type $ZodCheckStartsWithParams = CheckParams<$ZodCheckStartsWith, "prefix" | "format" | "when" | "pattern">;
type $ZodCheckEndsWithParams = CheckParams<$ZodCheckEndsWith, "suffix" | "format" | "pattern" | "when">;
type $ZodEnumParams = TypeParams<$ZodEnum, "entries">;
type $ZodNonOptionalParams = TypeParams<$ZodNonOptional, "innerType">;
type $ZodCustomParams = CheckTypeParams<$ZodCustom, "fn">;
type $ZodSuperRefineIssue<T extends $ZodIssueBase = $ZodIssue> = T extends any ? RawIssue<T> : never;
type RawIssue<T extends $ZodIssueBase> = T extends any ? Flatten<MakePartial<T, "message" | "path"> & {
    /** The schema or check that originated this issue. */
    readonly inst?: $ZodType | $ZodCheck;
    /** If `true`, Zod will execute subsequent checks/refinements instead of immediately aborting */
    readonly continue?: boolean | undefined;
} & Record<string, unknown>> : never;
interface $RefinementCtx<T = unknown> extends ParsePayload<T> {
    addIssue(arg: string | $ZodSuperRefineIssue): void;
}
interface $ZodSuperRefineParams {
    /** If provided, the refinement runs only when this returns `true`. By default, it is skipped if prior parsing produced aborting issues. */
    when?: ((payload: ParsePayload) => boolean) | undefined;
}

/** An Error-like class used to store Zod validation issues.  */
interface ZodError<T = unknown> extends $ZodError<T> {
    /** @deprecated Use the `z.treeifyError(err)` function instead. */
    format(): $ZodFormattedError<T>;
    format<U>(mapper: (issue: $ZodIssue) => U): $ZodFormattedError<T, U>;
    /** @deprecated Use the `z.treeifyError(err)` function instead. */
    flatten(): $ZodFlattenedError<T>;
    flatten<U>(mapper: (issue: $ZodIssue) => U): $ZodFlattenedError<T, U>;
    /** @deprecated Push directly to `.issues` instead. */
    addIssue(issue: $ZodIssue): void;
    /** @deprecated Push directly to `.issues` instead. */
    addIssues(issues: $ZodIssue[]): void;
    /** @deprecated Check `err.issues.length === 0` instead. */
    isEmpty: boolean;
}
declare const ZodError: $constructor<ZodError>;

type ZodSafeParseResult<T> = ZodSafeParseSuccess<T> | ZodSafeParseError<T>;
type ZodSafeParseSuccess<T> = {
    success: true;
    data: T;
    error?: never;
};
type ZodSafeParseError<T> = {
    success: false;
    data?: never;
    error: ZodError<T>;
};

type ZodStandardSchemaWithJSON<T> = StandardSchemaWithJSONProps<input$1<T>, output$1<T>>;
interface _ZodType<out Internals extends $ZodTypeInternals = $ZodTypeInternals> extends ZodType<any, any, Internals> {
}
interface ZodType<out Output = unknown, out Input = unknown, out Internals extends $ZodTypeInternals<Output, Input> = $ZodTypeInternals<Output, Input>> extends $ZodType<Output, Input, Internals> {
    def: Internals["def"];
    type: Internals["def"]["type"];
    /** @deprecated Use `.def` instead. */
    _def: Internals["def"];
    /** @deprecated Use `z.output<typeof schema>` instead. */
    _output: Internals["output"];
    /** @deprecated Use `z.input<typeof schema>` instead. */
    _input: Internals["input"];
    "~standard": ZodStandardSchemaWithJSON<this>;
    /** Converts this schema to a JSON Schema representation. */
    toJSONSchema(params?: ToJSONSchemaParams): ZodStandardJSONSchemaPayload<this>;
    check(...checks: (CheckFn<output$1<this>> | $ZodCheck<output$1<this>>)[]): this;
    with(...checks: (CheckFn<output$1<this>> | $ZodCheck<output$1<this>>)[]): this;
    clone(def?: Internals["def"], params?: {
        parent: boolean;
    }): this;
    register<R extends $ZodRegistry>(registry: R, ...meta: this extends R["_schema"] ? undefined extends R["_meta"] ? [$replace<R["_meta"], this>?] : [$replace<R["_meta"], this>] : ["Incompatible schema"]): this;
    brand<T extends PropertyKey = PropertyKey, Dir extends "in" | "out" | "inout" = "out">(value?: T): PropertyKey extends T ? this : $ZodBranded<this, T, Dir>;
    parse(data: unknown, params?: ParseContext<$ZodIssue>): output$1<this>;
    safeParse(data: unknown, params?: ParseContext<$ZodIssue>): ZodSafeParseResult<output$1<this>>;
    parseAsync(data: unknown, params?: ParseContext<$ZodIssue>): Promise<output$1<this>>;
    safeParseAsync(data: unknown, params?: ParseContext<$ZodIssue>): Promise<ZodSafeParseResult<output$1<this>>>;
    spa: (data: unknown, params?: ParseContext<$ZodIssue>) => Promise<ZodSafeParseResult<output$1<this>>>;
    validate(data: unknown, params?: ParseContext<$ZodIssue>): data is input$1<this>;
    validateAsync(data: unknown, params?: ParseContext<$ZodIssue>): Promise<boolean>;
    encode(data: output$1<this>, params?: ParseContext<$ZodIssue>): input$1<this>;
    decode(data: input$1<this>, params?: ParseContext<$ZodIssue>): output$1<this>;
    encodeAsync(data: output$1<this>, params?: ParseContext<$ZodIssue>): Promise<input$1<this>>;
    decodeAsync(data: input$1<this>, params?: ParseContext<$ZodIssue>): Promise<output$1<this>>;
    safeEncode(data: output$1<this>, params?: ParseContext<$ZodIssue>): ZodSafeParseResult<input$1<this>>;
    safeDecode(data: input$1<this>, params?: ParseContext<$ZodIssue>): ZodSafeParseResult<output$1<this>>;
    safeEncodeAsync(data: output$1<this>, params?: ParseContext<$ZodIssue>): Promise<ZodSafeParseResult<input$1<this>>>;
    safeDecodeAsync(data: input$1<this>, params?: ParseContext<$ZodIssue>): Promise<ZodSafeParseResult<output$1<this>>>;
    refine<Ch extends (arg: output$1<this>) => unknown | Promise<unknown>>(check: Ch, params?: string | $ZodCustomParams): Ch extends (arg: any) => arg is infer R ? this & ZodType<R, input$1<this>> : this;
    superRefine(refinement: (arg: output$1<this>, ctx: $RefinementCtx<output$1<this>>) => void | Promise<void>, params?: $ZodSuperRefineParams): this;
    overwrite(fn: (x: output$1<this>) => output$1<this>): this;
    optional(): ZodOptional<this>;
    exactOptional(): ZodExactOptional<this>;
    nonoptional(params?: string | $ZodNonOptionalParams): ZodNonOptional<this>;
    nullable(): ZodNullable<this>;
    nullish(): ZodOptional<ZodNullable<this>>;
    default(def: NoUndefined<output$1<this>>): ZodDefault<this>;
    default(def: () => NoUndefined<output$1<this>>): ZodDefault<this>;
    prefault(def: () => input$1<this>): ZodPrefault<this>;
    prefault(def: input$1<this>): ZodPrefault<this>;
    array(): ZodArray<this>;
    or<T extends SomeType>(option: T): ZodUnion<[this, T]>;
    and<T extends SomeType>(incoming: T): ZodIntersection<this, T>;
    transform<NewOut>(transform: (arg: output$1<this>, ctx: $RefinementCtx<output$1<this>>) => NewOut | Promise<NewOut>): ZodPipe<this, ZodTransform<Awaited<NewOut>, output$1<this>>>;
    catch(def: output$1<this>): ZodCatch<this>;
    catch(def: (ctx: $ZodCatchCtx) => output$1<this>): ZodCatch<this>;
    pipe<T extends $ZodType<any, output$1<this>>>(target: T | $ZodType<any, output$1<this>>): ZodPipe<this, T>;
    readonly(): ZodReadonly<this>;
    /** Returns a new instance that has been registered in `z.globalRegistry` with the specified description */
    describe(description: string): this;
    description?: string;
    /** Returns the metadata associated with this instance in `z.globalRegistry` */
    meta(): $replace<GlobalMeta, this> | undefined;
    /** Returns a new instance that has been registered in `z.globalRegistry` with the specified metadata */
    meta(data: $replace<GlobalMeta, this>): this;
    /** @deprecated Try safe-parsing `undefined` (this is what `isOptional` does internally):
     *
     * ```ts
     * const schema = z.string().optional();
     * const isOptional = schema.safeParse(undefined).success; // true
     * ```
     */
    isOptional(): boolean;
    /**
     * @deprecated Try safe-parsing `null` (this is what `isNullable` does internally):
     *
     * ```ts
     * const schema = z.string().nullable();
     * const isNullable = schema.safeParse(null).success; // true
     * ```
     */
    isNullable(): boolean;
    apply<T, TArgs extends unknown[] = []>(fn: (schema: this, ...args: TArgs) => T, ...args: TArgs): T;
}
declare const ZodType: $constructor<ZodType>;
interface _ZodString<T extends $ZodStringInternals<unknown> = $ZodStringInternals<unknown>> extends _ZodType<T> {
    format: string | null;
    minLength: number | null;
    maxLength: number | null;
    regex(regex: RegExp, params?: string | $ZodCheckRegexParams): this;
    includes(value: string, params?: string | $ZodCheckIncludesParams): this;
    startsWith(value: string, params?: string | $ZodCheckStartsWithParams): this;
    endsWith(value: string, params?: string | $ZodCheckEndsWithParams): this;
    min(minLength: number, params?: string | $ZodCheckMinLengthParams): this;
    max(maxLength: number, params?: string | $ZodCheckMaxLengthParams): this;
    length(len: number, params?: string | $ZodCheckLengthEqualsParams): this;
    nonempty(params?: string | $ZodCheckMinLengthParams): this;
    lowercase(params?: string | $ZodCheckLowerCaseParams): this;
    uppercase(params?: string | $ZodCheckUpperCaseParams): this;
    trim(): this;
    normalize(form?: "NFC" | "NFD" | "NFKC" | "NFKD" | (string & {})): this;
    toLowerCase(): this;
    toUpperCase(): this;
    slugify(): this;
}
/** @internal */
declare const _ZodString: $constructor<_ZodString>;
interface ZodString extends _ZodString<$ZodStringInternals<string>> {
    /** @deprecated Use `z.email()` instead. */
    email(params?: string | $ZodCheckEmailParams): this;
    /** @deprecated Use `z.url()` instead. */
    url(params?: string | $ZodCheckURLParams): this;
    /** @deprecated Use `z.jwt()` instead. */
    jwt(params?: string | $ZodCheckJWTParams): this;
    /** @deprecated Use `z.emoji()` instead. */
    emoji(params?: string | $ZodCheckEmojiParams): this;
    /** @deprecated Use `z.guid()` instead. */
    guid(params?: string | $ZodCheckGUIDParams): this;
    /** @deprecated Use `z.uuid()` instead. */
    uuid(params?: string | $ZodCheckUUIDParams): this;
    /** @deprecated Use `z.uuid()` instead. */
    uuidv4(params?: string | $ZodCheckUUIDParams): this;
    /** @deprecated Use `z.uuid()` instead. */
    uuidv6(params?: string | $ZodCheckUUIDParams): this;
    /** @deprecated Use `z.uuid()` instead. */
    uuidv7(params?: string | $ZodCheckUUIDParams): this;
    /** @deprecated Use `z.nanoid()` instead. */
    nanoid(params?: string | $ZodCheckNanoIDParams): this;
    /** @deprecated Use `z.guid()` instead. */
    guid(params?: string | $ZodCheckGUIDParams): this;
    /**
     * @deprecated CUID v1 is deprecated by its authors due to information leakage
     * (timestamps embedded in the id). Use `z.cuid2()` instead.
     * See https://github.com/paralleldrive/cuid.
     */
    cuid(params?: string | $ZodCheckCUIDParams): this;
    /** @deprecated Use `z.cuid2()` instead. */
    cuid2(params?: string | $ZodCheckCUID2Params): this;
    /** @deprecated Use `z.ulid()` instead. */
    ulid(params?: string | $ZodCheckULIDParams): this;
    /** @deprecated Use `z.base64()` instead. */
    base64(params?: string | $ZodCheckBase64Params): this;
    /** @deprecated Use `z.base64url()` instead. */
    base64url(params?: string | $ZodCheckBase64URLParams): this;
    /** @deprecated Use `z.xid()` instead. */
    xid(params?: string | $ZodCheckXIDParams): this;
    /** @deprecated Use `z.ksuid()` instead. */
    ksuid(params?: string | $ZodCheckKSUIDParams): this;
    /** @deprecated Use `z.ipv4()` instead. */
    ipv4(params?: string | $ZodCheckIPv4Params): this;
    /** @deprecated Use `z.ipv6()` instead. */
    ipv6(params?: string | $ZodCheckIPv6Params): this;
    /** @deprecated Use `z.cidrv4()` instead. */
    cidrv4(params?: string | $ZodCheckCIDRv4Params): this;
    /** @deprecated Use `z.cidrv6()` instead. */
    cidrv6(params?: string | $ZodCheckCIDRv6Params): this;
    /** @deprecated Use `z.e164()` instead. */
    e164(params?: string | $ZodCheckE164Params): this;
    /** @deprecated Use `z.iso.datetime()` instead. */
    datetime(params?: string | $ZodCheckISODateTimeParams): this;
    /** @deprecated Use `z.iso.date()` instead. */
    date(params?: string | $ZodCheckISODateParams): this;
    /** @deprecated Use `z.iso.time()` instead. */
    time(params?: string | $ZodCheckISOTimeParams): this;
    /** @deprecated Use `z.iso.duration()` instead. */
    duration(params?: string | $ZodCheckISODurationParams): this;
}
declare const ZodString: $constructor<ZodString>;
interface ZodStringFormat<Format extends string = string> extends _ZodString<$ZodStringFormatInternals<Format>> {
}
declare const ZodStringFormat: $constructor<ZodStringFormat>;
interface ZodISODateTime extends ZodStringFormat {
    _zod: $ZodISODateTimeInternals;
}
declare const ZodISODateTime: $constructor<ZodISODateTime>;
interface _ZodNumber<Internals extends $ZodNumberInternals = $ZodNumberInternals> extends _ZodType<Internals> {
    gt(value: number, params?: string | $ZodCheckGreaterThanParams): this;
    /** Identical to .min() */
    gte(value: number, params?: string | $ZodCheckGreaterThanParams): this;
    min(value: number, params?: string | $ZodCheckGreaterThanParams): this;
    lt(value: number, params?: string | $ZodCheckLessThanParams): this;
    /** Identical to .max() */
    lte(value: number, params?: string | $ZodCheckLessThanParams): this;
    max(value: number, params?: string | $ZodCheckLessThanParams): this;
    /** Consider `z.int()` instead. This API is considered *legacy*; it will never be removed but a better alternative exists. */
    int(params?: string | $ZodCheckNumberFormatParams): this;
    /** @deprecated This is now identical to `.int()`. Only numbers in the safe integer range are accepted. */
    safe(params?: string | $ZodCheckNumberFormatParams): this;
    positive(params?: string | $ZodCheckGreaterThanParams): this;
    nonnegative(params?: string | $ZodCheckGreaterThanParams): this;
    negative(params?: string | $ZodCheckLessThanParams): this;
    nonpositive(params?: string | $ZodCheckLessThanParams): this;
    multipleOf(value: number, params?: string | $ZodCheckMultipleOfParams): this;
    /** @deprecated Use `.multipleOf()` instead. */
    step(value: number, params?: string | $ZodCheckMultipleOfParams): this;
    /** @deprecated In v4 and later, z.number() does not allow infinite values by default. This is a no-op. */
    finite(params?: unknown): this;
    minValue: number | null;
    maxValue: number | null;
    /** @deprecated Check the `format` property instead.  */
    isInt: boolean;
    /** @deprecated Number schemas no longer accept infinite values, so this always returns `true`. */
    isFinite: boolean;
    format: string | null;
}
interface ZodNumber extends _ZodNumber<$ZodNumberInternals<number>> {
}
declare const ZodNumber: $constructor<ZodNumber>;
interface _ZodBoolean<T extends $ZodBooleanInternals = $ZodBooleanInternals> extends _ZodType<T> {
}
interface ZodBoolean extends _ZodBoolean<$ZodBooleanInternals<boolean>> {
}
declare const ZodBoolean: $constructor<ZodBoolean>;
interface ZodUnknown extends _ZodType<$ZodUnknownInternals> {
}
declare const ZodUnknown: $constructor<ZodUnknown>;
interface ZodArray<T extends SomeType = $ZodType> extends _ZodType<$ZodArrayInternals<T>>, $ZodArray<T> {
    element: T;
    min(minLength: number, params?: string | $ZodCheckMinLengthParams): this;
    nonempty(params?: string | $ZodCheckMinLengthParams): this;
    max(maxLength: number, params?: string | $ZodCheckMaxLengthParams): this;
    length(len: number, params?: string | $ZodCheckLengthEqualsParams): this;
    unwrap(): T;
    "~standard": ZodStandardSchemaWithJSON<this>;
}
declare const ZodArray: $constructor<ZodArray>;
type SafeExtendShape<Base extends $ZodShape, Ext extends $ZodLooseShape> = {
    [K in keyof Ext]: K extends keyof Base ? output$1<Ext[K]> extends output$1<Base[K]> ? input$1<Ext[K]> extends input$1<Base[K]> ? Ext[K] : never : never : Ext[K];
};
interface ZodObject<
/** @ts-ignore Cast variance */
out Shape extends $ZodShape = $ZodLooseShape, out Config extends $ZodObjectConfig = $strip> extends _ZodType<$ZodObjectInternals<Shape, Config>>, $ZodObject<Shape, Config> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    shape: Shape;
    keyof(): ZodEnum<ToEnum<keyof Shape & string>>;
    /** Define a schema to validate all unrecognized keys. This overrides the existing strict/loose behavior. */
    catchall<T extends SomeType>(schema: T): ZodObject<Shape, $catchall<T>>;
    /** @deprecated Use `z.looseObject()` or `.loose()` instead. */
    passthrough(): ZodObject<Shape, $loose>;
    /** Consider `z.looseObject(A.shape)` instead */
    loose(): ZodObject<Shape, $loose>;
    /** Consider `z.strictObject(A.shape)` instead */
    strict(): ZodObject<Shape, $strict>;
    /** This is the default behavior. This method call is likely unnecessary. */
    strip(): ZodObject<Shape, $strip>;
    extend<U extends $ZodLooseShape>(shape: U): ZodObject<Extend<Shape, Writeable<U>>, Config>;
    safeExtend<U extends $ZodLooseShape>(shape: SafeExtendShape<Shape, U> & Partial<Record<keyof Shape, SomeType>>): ZodObject<Extend<Shape, Writeable<U>>, Config>;
    /**
     * @deprecated Use [`A.extend(B.shape)`](https://zod.dev/api?id=extend) instead.
     */
    merge<U extends ZodObject>(other: U): ZodObject<Extend<Shape, U["shape"]>, U["_zod"]["config"]>;
    pick<M extends Mask<keyof Shape>>(mask: M & Record<Exclude<keyof M, keyof Shape>, never>): ZodObject<Flatten<Pick<Shape, Extract<keyof Shape, keyof M>>>, Config>;
    omit<M extends Mask<keyof Shape>>(mask: M & Record<Exclude<keyof M, keyof Shape>, never>): ZodObject<Flatten<Omit<Shape, Extract<keyof Shape, keyof M>>>, Config>;
    partial(): ZodObject<{
        -readonly [k in keyof Shape]: ZodOptional<Shape[k]>;
    }, Config>;
    partial<M extends Mask<keyof Shape>>(mask: M & Record<Exclude<keyof M, keyof Shape>, never>): ZodObject<{
        -readonly [k in keyof Shape]: k extends keyof M ? ZodOptional<Shape[k]> : Shape[k];
    }, Config>;
    exactPartial(): ZodObject<{
        -readonly [k in keyof Shape]: ZodExactOptional<Shape[k]>;
    }, Config>;
    exactPartial<M extends Mask<keyof Shape>>(mask: M & Record<Exclude<keyof M, keyof Shape>, never>): ZodObject<{
        -readonly [k in keyof Shape]: k extends keyof M ? ZodExactOptional<Shape[k]> : Shape[k];
    }, Config>;
    required(): ZodObject<{
        -readonly [k in keyof Shape]: ZodNonOptional<Shape[k]>;
    }, Config>;
    required<M extends Mask<keyof Shape>>(mask: M & Record<Exclude<keyof M, keyof Shape>, never>): ZodObject<{
        -readonly [k in keyof Shape]: k extends keyof M ? ZodNonOptional<Shape[k]> : Shape[k];
    }, Config>;
}
declare const ZodObject: $constructor<ZodObject>;
interface ZodUnion<T extends readonly SomeType[] = readonly $ZodType[]> extends _ZodType<$ZodUnionInternals<T>>, $ZodUnion<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    options: T;
}
declare const ZodUnion: $constructor<ZodUnion>;
interface ZodIntersection<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends _ZodType<$ZodIntersectionInternals<A, B>>, $ZodIntersection<A, B> {
    "~standard": ZodStandardSchemaWithJSON<this>;
}
declare const ZodIntersection: $constructor<ZodIntersection>;
interface ZodRecord<Key extends $ZodRecordKey = $ZodRecordKey, Value extends SomeType = $ZodType> extends _ZodType<$ZodRecordInternals<Key, Value>>, $ZodRecord<Key, Value> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    keyType: Key;
    valueType: Value;
}
declare const ZodRecord: $constructor<ZodRecord>;
interface ZodEnum<
/** @ts-ignore Cast variance */
out T extends EnumLike = EnumLike> extends _ZodType<$ZodEnumInternals<T>>, $ZodEnum<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    enum: T;
    options: Array<T[keyof T]>;
    extract<const U extends readonly (keyof T)[]>(values: U, params?: string | $ZodEnumParams): ZodEnum<Flatten<Pick<T, U[number]>>>;
    exclude<const U extends readonly (keyof T)[]>(values: U, params?: string | $ZodEnumParams): ZodEnum<Flatten<Omit<T, U[number]>>>;
}
declare const ZodEnum: $constructor<ZodEnum>;
interface ZodLiteral<T extends Literal = Literal> extends _ZodType<$ZodLiteralInternals<T>>, $ZodLiteral<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    values: Set<T>;
    /** @legacy Use `.values` instead. Accessing this property will throw an error if the literal accepts multiple values. */
    value: T;
}
declare const ZodLiteral: $constructor<ZodLiteral>;
interface ZodTransform<O = unknown, I = unknown> extends _ZodType<$ZodTransformInternals<O, I>>, $ZodTransform<O, I> {
    "~standard": ZodStandardSchemaWithJSON<this>;
}
declare const ZodTransform: $constructor<ZodTransform>;
interface ZodOptional<T extends SomeType = $ZodType> extends _ZodType<$ZodOptionalInternals<T>>, $ZodOptional<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
}
declare const ZodOptional: $constructor<ZodOptional>;
interface ZodExactOptional<T extends SomeType = $ZodType> extends _ZodType<$ZodExactOptionalInternals<T>>, $ZodExactOptional<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
}
declare const ZodExactOptional: $constructor<ZodExactOptional>;
interface ZodNullable<T extends SomeType = $ZodType> extends _ZodType<$ZodNullableInternals<T>>, $ZodNullable<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
}
declare const ZodNullable: $constructor<ZodNullable>;
interface ZodDefault<T extends SomeType = $ZodType> extends _ZodType<$ZodDefaultInternals<T>>, $ZodDefault<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
    /** @deprecated Use `.unwrap()` instead. */
    removeDefault(): T;
}
declare const ZodDefault: $constructor<ZodDefault>;
interface ZodPrefault<T extends SomeType = $ZodType> extends _ZodType<$ZodPrefaultInternals<T>>, $ZodPrefault<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
}
declare const ZodPrefault: $constructor<ZodPrefault>;
interface ZodNonOptional<T extends SomeType = $ZodType> extends _ZodType<$ZodNonOptionalInternals<T>>, $ZodNonOptional<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
}
declare const ZodNonOptional: $constructor<ZodNonOptional>;
interface ZodCatch<T extends SomeType = $ZodType> extends _ZodType<$ZodCatchInternals<T>>, $ZodCatch<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
    /** @deprecated Use `.unwrap()` instead. */
    removeCatch(): T;
}
declare const ZodCatch: $constructor<ZodCatch>;
interface ZodPipe<A extends SomeType = $ZodType, B extends SomeType = $ZodType> extends _ZodType<$ZodPipeInternals<A, B>>, $ZodPipe<A, B> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    in: A;
    out: B;
}
declare const ZodPipe: $constructor<ZodPipe>;
interface ZodReadonly<T extends SomeType = $ZodType> extends _ZodType<$ZodReadonlyInternals<T>>, $ZodReadonly<T> {
    "~standard": ZodStandardSchemaWithJSON<this>;
    unwrap(): T;
}
declare const ZodReadonly: $constructor<ZodReadonly>;

type input<T> = input$1<T>;
/** Returns a copy of the schema with every pipe replaced by its input side. A codec's checks are dropped: they constrain the decoded value the input side never produces. */
declare function input<T extends $ZodType>(schema: T): ZodType<input$1<T>, input$1<T>>;
type output<T> = output$1<T>;
/** Returns a copy of the schema with every pipe replaced by its output side, carrying over the pipe's own checks. */
declare function output<T extends $ZodType>(schema: T): ZodType<output$1<T>, output$1<T>>;

/**
 * The wire format: zod schemas and the types inferred from them. Policy files, artifacts, ledger
 * lines and RequestEvents use these snake_case names on disk and in memory alike.
 */

declare const Decision: {
    readonly ALLOW: "ALLOW";
    readonly THROTTLE: "THROTTLE";
    readonly QUARANTINE: "QUARANTINE";
    readonly DROP: "DROP";
};
type Decision = (typeof Decision)[keyof typeof Decision];
/** Decisions from mildest to most severe; the index is the severity. */
declare const DECISION_ORDER: readonly Decision[];
declare const severity: (d: Decision) => number;
declare const worstDecision: (a: Decision, b: Decision) => Decision;
declare const PlatformTier: {
    readonly OBSERVE_ONLY: "OBSERVE_ONLY";
    readonly CONTROL: "CONTROL";
    readonly AUTONOMOUS: "AUTONOMOUS";
};
type PlatformTier = (typeof PlatformTier)[keyof typeof PlatformTier];
declare const CircuitState: {
    readonly CLOSED: "CLOSED";
    readonly OPEN: "OPEN";
    readonly HALF_OPEN: "HALF_OPEN";
};
type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];
/** The seed's Ouroboros lifecycle phases, 0–9. */
declare const OuroborosPhase: {
    readonly PHASE_0_VOID: 0;
    readonly PHASE_1_OBSERVATION: 1;
    readonly PHASE_2_CONTRACT_PAIRING: 2;
    readonly PHASE_3_RISK_ASSESSMENT: 3;
    readonly PHASE_4_POLICY_BOUNDARIES: 4;
    readonly PHASE_5_DECISION_EXECUTION: 5;
    readonly PHASE_6_STABILITY_CONTROL: 6;
    readonly PHASE_7_STRESS_TESTING: 7;
    readonly PHASE_8_LEDGER_APPEND: 8;
    readonly PHASE_9_POSTMORTEM_LEARNING: 9;
};
type OuroborosPhase = (typeof OuroborosPhase)[keyof typeof OuroborosPhase];
declare const DecisionSchema: ZodEnum<{
    ALLOW: "ALLOW";
    THROTTLE: "THROTTLE";
    QUARANTINE: "QUARANTINE";
    DROP: "DROP";
}>;
declare const PlatformTierSchema: ZodEnum<{
    OBSERVE_ONLY: "OBSERVE_ONLY";
    CONTROL: "CONTROL";
    AUTONOMOUS: "AUTONOMOUS";
}>;
declare const CircuitStateSchema: ZodEnum<{
    CLOSED: "CLOSED";
    OPEN: "OPEN";
    HALF_OPEN: "HALF_OPEN";
}>;
declare const HTTP_METHODS: readonly ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"];
declare const HttpMethodSchema: ZodEnum<{
    GET: "GET";
    HEAD: "HEAD";
    POST: "POST";
    PUT: "PUT";
    PATCH: "PATCH";
    DELETE: "DELETE";
    OPTIONS: "OPTIONS";
    TRACE: "TRACE";
    CONNECT: "CONNECT";
}>;
type HttpMethod = output$1<typeof HttpMethodSchema>;
/** One day: no recorded request takes longer; larger values are a unit mistake or garbage. */
declare const MAX_LATENCY_MS = 86400000;
/** 2100-01-01: a later event timestamp (seconds) is garbage, not the future. */
declare const MAX_TIMESTAMP_S = 4102444800;
declare const REQUEST_HOST: RegExp;
declare const RequestEventSchema: ZodObject<{
    url: ZodString;
    method: ZodPipe<ZodPipe<ZodString, ZodTransform<string, string>>, ZodEnum<{
        GET: "GET";
        HEAD: "HEAD";
        POST: "POST";
        PUT: "PUT";
        PATCH: "PATCH";
        DELETE: "DELETE";
        OPTIONS: "OPTIONS";
        TRACE: "TRACE";
        CONNECT: "CONNECT";
    }>>;
    status_code: ZodNumber;
    latency_ms: ZodNumber;
    timestamp: ZodNumber;
    error_count: ZodDefault<ZodNumber>;
    retry_count: ZodDefault<ZodNumber>;
    host: ZodOptional<ZodString>;
}, $strict>;
type RequestEvent = output$1<typeof RequestEventSchema>;
/** What callers may pass: timestamp, error_count and retry_count are optional. */
type RequestEventInput = input<typeof RequestEventSchema> | Omit<input<typeof RequestEventSchema>, 'timestamp'>;
declare const ServiceContractSchema: ZodObject<{
    contract_id: ZodString;
    endpoint_pattern: ZodString;
    allowed_methods: ZodOptional<ZodArray<ZodEnum<{
        GET: "GET";
        HEAD: "HEAD";
        POST: "POST";
        PUT: "PUT";
        PATCH: "PATCH";
        DELETE: "DELETE";
        OPTIONS: "OPTIONS";
        TRACE: "TRACE";
        CONNECT: "CONNECT";
    }>>>;
    max_latency_ms: ZodDefault<ZodNumber>;
    error_budget: ZodDefault<ZodNumber>;
    rate_limit_rpm: ZodDefault<ZodNumber>;
    circuit_threshold: ZodDefault<ZodNumber>;
}, $strict>;
type ServiceContract = output<typeof ServiceContractSchema> & {
    allowed_methods: HttpMethod[];
};
type ServiceContractInput = input<typeof ServiceContractSchema>;
declare const RISK_FACTOR_NAMES: readonly ["latency_score", "error_rate", "traffic_anomaly", "rate_limit_violation", "circuit_state", "error_budget_burn_rate", "latency_regression", "unknown_endpoint", "method_disallowed", "retry_storm"];
type RiskFactorName = (typeof RISK_FACTOR_NAMES)[number];
declare const DEFAULT_RISK_WEIGHTS: Record<RiskFactorName, number>;
/**
 * The floor a condition forces on the decision regardless of score; the score is lifted to that
 * decision's threshold too, so score and decision always agree.
 */
declare const DEFAULT_CRITICAL_OVERRIDES: {
    readonly circuit_open: "DROP";
    readonly method_disallowed: "DROP";
    readonly unknown_endpoint: "QUARANTINE";
    readonly rate_limit_violation: "THROTTLE";
    readonly retry_storm: "THROTTLE";
};
declare const ACTIONS: readonly ["log", "alert", "rate_limit", "throttle", "quarantine", "block", "open_circuit", "page_oncall"];
declare const ActionSchema: ZodEnum<{
    log: "log";
    alert: "alert";
    rate_limit: "rate_limit";
    throttle: "throttle";
    quarantine: "quarantine";
    block: "block";
    open_circuit: "open_circuit";
    page_oncall: "page_oncall";
}>;
type Action = output$1<typeof ActionSchema>;
declare const DEFAULT_AUTONOMY_TIERS: Record<PlatformTier, Action[]>;
declare const INVARIANTS: readonly ["contract_id_present", "risk_score_bounded", "policy_hash_verified", "actions_within_tier"];
declare const InvariantSchema: ZodEnum<{
    contract_id_present: "contract_id_present";
    risk_score_bounded: "risk_score_bounded";
    policy_hash_verified: "policy_hash_verified";
    actions_within_tier: "actions_within_tier";
}>;
type Invariant = output$1<typeof InvariantSchema>;
declare const DEFAULT_PHASE_INVARIANTS: Record<string, Invariant[]>;
/**
 * The format of the hashed policy, the form `policy_hash` covers: the policy as written with every
 * format-1 default materialized. Format 1 carries no marker (the hashes pinned before the marker
 * existed stay valid); a later format writes `policy_format: N` into the hashed form.
 *
 * What this means for the schema below (pins survive upgrades, DESIGN.md):
 * - a field added after format 1 is `.optional()` with NO `.default()`: its default is applied where
 *   it is used, so a policy file that does not set it keeps its hash (test/policy-format.test.ts
 *   holds the frozen list of format-1 defaulted keys and fails when one is added);
 * - changing a format-1 default, or what is hashed, is a new policy format (CHANGELOG, golden tests).
 */
declare const POLICY_FORMAT = 1;
/**
 * HAR `_resourceType` values: Playwright's and Chromium's (DevTools protocol ResourceType, lowercased),
 * and the spellings Chrome DevTools' own HAR export uses where they differ.
 */
declare const HAR_RESOURCE_TYPES: readonly ["document", "stylesheet", "image", "media", "font", "script", "texttrack", "xhr", "fetch", "prefetch", "eventsource", "websocket", "manifest", "signedexchange", "signed-exchange", "ping", "cspviolationreport", "csp-violation-report", "preflight", "wasm", "webbundle", "webtransport", "fedcm", "other"];
declare const TrafficFilterSchema: ZodObject<{
    hosts: ZodOptional<ZodArray<ZodString>>;
    exclude_hosts: ZodOptional<ZodArray<ZodString>>;
    resource_types: ZodOptional<ZodUnion<readonly [ZodArray<ZodString>, ZodLiteral<"all">]>>;
    exclude_static_assets: ZodOptional<ZodBoolean>;
    exclude_paths: ZodOptional<ZodArray<ZodString>>;
}, $strict>;
type TrafficFilter = output$1<typeof TrafficFilterSchema>;
declare const GovernancePolicySchema: ZodObject<{
    version: ZodString;
    name: ZodOptional<ZodString>;
    contracts: ZodDefault<ZodArray<ZodObject<{
        contract_id: ZodString;
        endpoint_pattern: ZodString;
        allowed_methods: ZodOptional<ZodArray<ZodEnum<{
            GET: "GET";
            HEAD: "HEAD";
            POST: "POST";
            PUT: "PUT";
            PATCH: "PATCH";
            DELETE: "DELETE";
            OPTIONS: "OPTIONS";
            TRACE: "TRACE";
            CONNECT: "CONNECT";
        }>>>;
        max_latency_ms: ZodDefault<ZodNumber>;
        error_budget: ZodDefault<ZodNumber>;
        rate_limit_rpm: ZodDefault<ZodNumber>;
        circuit_threshold: ZodDefault<ZodNumber>;
    }, $strict>>>;
    risk_thresholds: ZodDefault<ZodObject<{
        throttle: ZodDefault<ZodNumber>;
        quarantine: ZodDefault<ZodNumber>;
        drop: ZodDefault<ZodNumber>;
    }, $strict>>;
    risk_weights: ZodDefault<ZodObject<{
        latency_score: ZodOptional<ZodNumber>;
        error_rate: ZodOptional<ZodNumber>;
        traffic_anomaly: ZodOptional<ZodNumber>;
        rate_limit_violation: ZodOptional<ZodNumber>;
        circuit_state: ZodOptional<ZodNumber>;
        error_budget_burn_rate: ZodOptional<ZodNumber>;
        latency_regression: ZodOptional<ZodNumber>;
        unknown_endpoint: ZodOptional<ZodNumber>;
        method_disallowed: ZodOptional<ZodNumber>;
        retry_storm: ZodOptional<ZodNumber>;
    }, $strict>>;
    critical_overrides: ZodDefault<ZodObject<{
        circuit_open: ZodOptional<ZodEnum<{
            ALLOW: "ALLOW";
            THROTTLE: "THROTTLE";
            QUARANTINE: "QUARANTINE";
            DROP: "DROP";
        }>>;
        method_disallowed: ZodOptional<ZodEnum<{
            ALLOW: "ALLOW";
            THROTTLE: "THROTTLE";
            QUARANTINE: "QUARANTINE";
            DROP: "DROP";
        }>>;
        unknown_endpoint: ZodOptional<ZodEnum<{
            ALLOW: "ALLOW";
            THROTTLE: "THROTTLE";
            QUARANTINE: "QUARANTINE";
            DROP: "DROP";
        }>>;
        rate_limit_violation: ZodOptional<ZodEnum<{
            ALLOW: "ALLOW";
            THROTTLE: "THROTTLE";
            QUARANTINE: "QUARANTINE";
            DROP: "DROP";
        }>>;
        retry_storm: ZodOptional<ZodEnum<{
            ALLOW: "ALLOW";
            THROTTLE: "THROTTLE";
            QUARANTINE: "QUARANTINE";
            DROP: "DROP";
        }>>;
    }, $strict>>;
    autonomy_tiers: ZodDefault<ZodObject<{
        OBSERVE_ONLY: ZodOptional<ZodArray<ZodEnum<{
            log: "log";
            alert: "alert";
            rate_limit: "rate_limit";
            throttle: "throttle";
            quarantine: "quarantine";
            block: "block";
            open_circuit: "open_circuit";
            page_oncall: "page_oncall";
        }>>>;
        CONTROL: ZodOptional<ZodArray<ZodEnum<{
            log: "log";
            alert: "alert";
            rate_limit: "rate_limit";
            throttle: "throttle";
            quarantine: "quarantine";
            block: "block";
            open_circuit: "open_circuit";
            page_oncall: "page_oncall";
        }>>>;
        AUTONOMOUS: ZodOptional<ZodArray<ZodEnum<{
            log: "log";
            alert: "alert";
            rate_limit: "rate_limit";
            throttle: "throttle";
            quarantine: "quarantine";
            block: "block";
            open_circuit: "open_circuit";
            page_oncall: "page_oncall";
        }>>>;
    }, $strict>>;
    phase_invariants: ZodOptional<ZodRecord<ZodString, ZodArray<ZodEnum<{
        contract_id_present: "contract_id_present";
        risk_score_bounded: "risk_score_bounded";
        policy_hash_verified: "policy_hash_verified";
        actions_within_tier: "actions_within_tier";
    }>>>>;
    error_statuses: ZodDefault<ZodArray<ZodUnion<readonly [ZodNumber, ZodString]>>>;
    windows: ZodDefault<ZodObject<{
        rate_window_s: ZodDefault<ZodNumber>;
        burn_short_s: ZodDefault<ZodNumber>;
        burn_long_s: ZodDefault<ZodNumber>;
    }, $strict>>;
    circuit_breaker: ZodDefault<ZodObject<{
        sliding_window_size: ZodDefault<ZodNumber>;
        minimum_calls: ZodDefault<ZodNumber>;
        wait_duration_s: ZodDefault<ZodNumber>;
        permitted_calls_in_half_open: ZodDefault<ZodNumber>;
    }, $strict>>;
    retry_storm_threshold: ZodDefault<ZodNumber>;
    burn_rate_critical: ZodDefault<ZodNumber>;
    gate: ZodDefault<ZodObject<{
        min_share: ZodDefault<ZodNumber>;
    }, $strict>>;
    max_unknown_endpoints: ZodDefault<ZodNumber>;
    max_rejected_ratio: ZodDefault<ZodNumber>;
    policy_format: ZodOptional<ZodLiteral<1>>;
    max_out_of_order_ratio: ZodOptional<ZodNumber>;
    traffic_filter: ZodOptional<ZodObject<{
        hosts: ZodOptional<ZodArray<ZodString>>;
        exclude_hosts: ZodOptional<ZodArray<ZodString>>;
        resource_types: ZodOptional<ZodUnion<readonly [ZodArray<ZodString>, ZodLiteral<"all">]>>;
        exclude_static_assets: ZodOptional<ZodBoolean>;
        exclude_paths: ZodOptional<ZodArray<ZodString>>;
    }, $strict>>;
    policy_hash: ZodOptional<ZodString>;
}, $strict>;
type GovernancePolicyInput = input<typeof GovernancePolicySchema>;
/** A loaded policy: every default applied, contracts included, and its hash. */
type GovernancePolicy = Omit<output<typeof GovernancePolicySchema>, 'policy_hash' | 'policy_format' | 'contracts' | 'risk_weights' | 'critical_overrides' | 'autonomy_tiers' | 'phase_invariants'> & {
    contracts: ServiceContract[];
    risk_weights: Record<RiskFactorName, number>;
    critical_overrides: Record<keyof typeof DEFAULT_CRITICAL_OVERRIDES, Decision>;
    autonomy_tiers: Record<PlatformTier, Action[]>;
    phase_invariants: Record<string, Invariant[]>;
    policy_hash: string;
};
declare const RiskFactorsSchema: ZodObject<{
    latency_score: ZodNumber;
    error_rate: ZodNumber;
    traffic_anomaly: ZodNumber;
    rate_limit_violation: ZodBoolean;
    circuit_state: ZodEnum<{
        CLOSED: "CLOSED";
        OPEN: "OPEN";
        HALF_OPEN: "HALF_OPEN";
    }>;
    error_budget_burn_rate: ZodNumber;
    latency_regression: ZodNumber;
    unknown_endpoint: ZodBoolean;
    method_disallowed: ZodBoolean;
    retry_storm: ZodBoolean;
}, $strict>;
type RiskFactors = output$1<typeof RiskFactorsSchema>;
/** Aggregate statistics of one endpoint, as of its last event. */
declare const BaselineProfileSchema: ZodObject<{
    endpoint_key: ZodString;
    contract_id: ZodNullable<ZodString>;
    request_count: ZodNumber;
    error_count: ZodNumber;
    error_rate: ZodNumber;
    p50_latency_ms: ZodNumber;
    p95_latency_ms: ZodNumber;
    p99_latency_ms: ZodNumber;
    requests_per_minute: ZodNumber;
    error_budget_remaining: ZodNumber;
    burn_rate_short: ZodNumber;
    burn_rate_long: ZodNumber;
    first_seen: ZodNumber;
    last_seen: ZodNumber;
}, $strict>;
type BaselineProfile = output$1<typeof BaselineProfileSchema>;
declare const InvariantCheckSchema: ZodObject<{
    phase: ZodNumber;
    invariant: ZodEnum<{
        contract_id_present: "contract_id_present";
        risk_score_bounded: "risk_score_bounded";
        policy_hash_verified: "policy_hash_verified";
        actions_within_tier: "actions_within_tier";
    }>;
    passed: ZodBoolean;
}, $strict>;
type InvariantCheck = output$1<typeof InvariantCheckSchema>;
declare const CircuitTransitionSchema: ZodObject<{
    from: ZodEnum<{
        CLOSED: "CLOSED";
        OPEN: "OPEN";
        HALF_OPEN: "HALF_OPEN";
    }>;
    to: ZodEnum<{
        CLOSED: "CLOSED";
        OPEN: "OPEN";
        HALF_OPEN: "HALF_OPEN";
    }>;
}, $strict>;
declare const GENESIS_PREVIOUS_HASH: string;
/** Fields the ledger fills when it appends: position and chain. */
declare const ChainFieldsSchema: ZodObject<{
    sequence: ZodNumber;
    previous_hash: ZodString;
    record_hash: ZodString;
}, $strict>;
declare const DecisionRecordSchema: ZodObject<{
    record_type: ZodLiteral<"decision">;
    sequence: ZodNumber;
    timestamp: ZodNumber;
    policy_version: ZodString;
    policy_hash: ZodString;
    platform_tier: ZodEnum<{
        OBSERVE_ONLY: "OBSERVE_ONLY";
        CONTROL: "CONTROL";
        AUTONOMOUS: "AUTONOMOUS";
    }>;
    endpoint_key: ZodString;
    contract_id: ZodNullable<ZodString>;
    request: ZodObject<{
        method: ZodString;
        path: ZodString;
        status_code: ZodNumber;
        latency_ms: ZodNumber;
        error_count: ZodNumber;
        retry_count: ZodNumber;
    }, $strict>;
    risk_score: ZodNumber;
    risk_factors: ZodObject<{
        latency_score: ZodNumber;
        error_rate: ZodNumber;
        traffic_anomaly: ZodNumber;
        rate_limit_violation: ZodBoolean;
        circuit_state: ZodEnum<{
            CLOSED: "CLOSED";
            OPEN: "OPEN";
            HALF_OPEN: "HALF_OPEN";
        }>;
        error_budget_burn_rate: ZodNumber;
        latency_regression: ZodNumber;
        unknown_endpoint: ZodBoolean;
        method_disallowed: ZodBoolean;
        retry_storm: ZodBoolean;
    }, $strict>;
    decision: ZodEnum<{
        ALLOW: "ALLOW";
        THROTTLE: "THROTTLE";
        QUARANTINE: "QUARANTINE";
        DROP: "DROP";
    }>;
    reason_codes: ZodArray<ZodString>;
    recommended_actions: ZodArray<ZodEnum<{
        log: "log";
        alert: "alert";
        rate_limit: "rate_limit";
        throttle: "throttle";
        quarantine: "quarantine";
        block: "block";
        open_circuit: "open_circuit";
        page_oncall: "page_oncall";
    }>>;
    actions_taken: ZodArray<ZodEnum<{
        log: "log";
        alert: "alert";
        rate_limit: "rate_limit";
        throttle: "throttle";
        quarantine: "quarantine";
        block: "block";
        open_circuit: "open_circuit";
        page_oncall: "page_oncall";
    }>>;
    circuit_state: ZodEnum<{
        CLOSED: "CLOSED";
        OPEN: "OPEN";
        HALF_OPEN: "HALF_OPEN";
    }>;
    circuit_transitions: ZodArray<ZodObject<{
        from: ZodEnum<{
            CLOSED: "CLOSED";
            OPEN: "OPEN";
            HALF_OPEN: "HALF_OPEN";
        }>;
        to: ZodEnum<{
            CLOSED: "CLOSED";
            OPEN: "OPEN";
            HALF_OPEN: "HALF_OPEN";
        }>;
    }, $strict>>;
    phases: ZodArray<ZodNumber>;
    invariant_checks: ZodArray<ZodObject<{
        phase: ZodNumber;
        invariant: ZodEnum<{
            contract_id_present: "contract_id_present";
            risk_score_bounded: "risk_score_bounded";
            policy_hash_verified: "policy_hash_verified";
            actions_within_tier: "actions_within_tier";
        }>;
        passed: ZodBoolean;
    }, $strict>>;
    previous_hash: ZodString;
    record_hash: ZodString;
}, $strict>;
type DecisionRecord = output$1<typeof DecisionRecordSchema>;
declare const GenesisRecordSchema: ZodObject<{
    record_type: ZodLiteral<"genesis">;
    ledger_format: ZodLiteral<1>;
    sequence: ZodLiteral<0>;
    policy_version: ZodString;
    policy_hash: ZodString;
    platform_tier: ZodEnum<{
        OBSERVE_ONLY: "OBSERVE_ONLY";
        CONTROL: "CONTROL";
        AUTONOMOUS: "AUTONOMOUS";
    }>;
    previous_hash: ZodLiteral<string>;
    record_hash: ZodString;
}, $strict>;
type GenesisRecord = output$1<typeof GenesisRecordSchema>;
/** A ledger line before the ledger has chained it. */
type Unchained<T> = Omit<T, 'sequence' | 'previous_hash' | 'record_hash'>;
/** Any ledger line: genesis, decision, or the run layer's verdict records. */
interface LedgerRecord {
    record_type: string;
    sequence: number;
    previous_hash: string;
    record_hash: string;
    [key: string]: unknown;
}
declare const ARTIFACT_FORMAT = 1;
declare const KEYID_PATTERN: RegExp;
/** One Ed25519 signature of an artifact (see src/trust/signature.ts for what it covers). */
declare const ArtifactSignatureSchema: ZodObject<{
    keyid: ZodString;
    sig: ZodString;
}, $strict>;
type ArtifactSignature = output$1<typeof ArtifactSignatureSchema>;
/**
 * `expires` and `signatures` sit outside `policy`, so neither changes policy_hash; `generated_at`
 * is informational (from SOURCE_DATE_EPOCH) and covered by neither the hash nor a signature.
 */
declare const PolicyArtifactSchema: ZodObject<{
    artifact_format: ZodLiteral<1>;
    policy_hash: ZodString;
    policy: ZodPipe<ZodUnknown, ZodRecord<ZodString, ZodUnknown>>;
    generated_at: ZodOptional<ZodString>;
    expires: ZodOptional<ZodISODateTime>;
    signatures: ZodOptional<ZodArray<ZodObject<{
        keyid: ZodString;
        sig: ZodString;
    }, $strict>>>;
}, $strict>;
type PolicyArtifact = output$1<typeof PolicyArtifactSchema>;
/** A JSON path like `$.contracts[0].max_latency_ms`. */
declare function jsonPath(path: readonly PropertyKey[], root?: string): string;
/** A zod error as `path: message` lines; `pathText` writes each path (JSON paths by default). */
declare function formatZodError(error: ZodError, pathText?: (path: readonly PropertyKey[]) => string): string;

/**
 * Circuit breaker with resilience4j's count-based semantics, driven by event time:
 * CLOSED records outcomes in a sliding window of the last N calls and opens when at least
 * `minimum_calls` were recorded and the failure rate is >= the threshold; OPEN permits no call
 * until `wait_duration_s` has passed, then the next call moves it to HALF_OPEN; HALF_OPEN
 * permits a fixed number of calls and then closes or opens again on their failure rate.
 */

interface CircuitConfig {
    sliding_window_size: number;
    minimum_calls: number;
    wait_duration_s: number;
    permitted_calls_in_half_open: number;
}
interface CircuitTransition {
    from: CircuitState;
    to: CircuitState;
}
interface CircuitOutcome {
    /** The state the call was admitted (or refused) in. */
    admittedIn: CircuitState;
    /** False when the circuit was OPEN: the call was not permitted and its outcome not recorded. */
    permitted: boolean;
    /** Transitions this call caused, in order. */
    transitions: CircuitTransition[];
}
declare class CircuitBreaker {
    private readonly config;
    readonly failureRateThreshold: number;
    state: CircuitState;
    openedAtS: number;
    private outcomes;
    /** As resilience4j: a window smaller than minimum_calls evaluates once it is full. */
    private readonly minimumCalls;
    private next;
    private recorded;
    private failures;
    constructor(config: CircuitConfig, failureRateThreshold: number);
    /** Failure rate of the calls recorded in the current state's window (0 when none). */
    get failureRate(): number;
    call(nowS: number, failed: boolean): CircuitOutcome;
    private open;
    private moveTo;
    private recordOutcome;
}

interface WindowConfig {
    rate_window_s: number;
    burn_short_s: number;
    burn_long_s: number;
}
declare class EndpointWindow {
    requestCount: number;
    errorCount: number;
    firstSeenS: number;
    /** Highest requests-per-minute seen in the sliding window. */
    peakRequestsPerMinute: number;
    /** Event time as this endpoint sees it: never goes backwards (late events count as "now"). */
    nowS: number;
    /** Events older than nowS by more than OUT_OF_ORDER_TOLERANCE_S when they arrived. */
    outOfOrder: number;
    private readonly sketch;
    private readonly rate;
    private readonly burnShort;
    private readonly burnLong;
    private readonly rateScale;
    constructor(config: WindowConfig);
    /**
     * Latency quantile of the events recorded so far (0 when there are none), in whole microseconds:
     * the sketch's values come from Math.log/Math.pow, whose last bit may differ between Node versions,
     * and rounding keeps ledgers and reports byte-identical across runtimes.
     */
    quantile(q: number): number;
    record(timestampS: number, latencyMs: number, isError: boolean): void;
    /** Requests per minute over the sliding rate window, this event included. */
    get requestsPerMinute(): number;
    /** Error share over the sliding rate window, this event included. */
    get windowErrorRate(): number;
    /** Mean requests per minute since the first event, over at least one rate window. */
    meanRequestsPerMinute(rateWindowS: number): number;
    /** SRE definition: 1 − errors / (budget × requests), clamped to [0, 1]. */
    errorBudgetRemaining(errorBudget: number): number;
    /** Error rate ÷ budget over the short and the long burn window. */
    burnRates(errorBudget: number): {
        short: number;
        long: number;
    };
    /** min(short, long) of burnRates, without the object. */
    minBurnRate(errorBudget: number): number;
}

interface EngineOptions {
    policy: GovernancePolicy;
    platform_tier: PlatformTier;
    /**
     * Append every record to this JSONL ledger. Without it the records are chained but not kept (only
     * the head is, so memory stays bounded): keep the returned records yourself to verify them later.
     */
    ledger_path?: string;
    /** Seconds since the epoch for events without a timestamp (library use; traffic files carry their own). */
    clock?: () => number;
}
interface LedgerIntegrity {
    valid: boolean;
    failed_index: number | null;
    reason?: string;
}
declare class EngineInputError extends Error {
    name: string;
}
/** What the engine keeps per endpoint: bounded, whatever the number of events. */
declare class EndpointState {
    readonly endpoint_key: string;
    readonly contract: ServiceContract | null;
    readonly window: EndpointWindow;
    readonly circuit: CircuitBreaker;
    constructor(endpoint_key: string, contract: ServiceContract | null, policy: GovernancePolicy);
    get slo(): ServiceContract;
    profile(): BaselineProfile;
}
declare class TrafficGovernanceEngine {
    readonly policy: GovernancePolicy;
    readonly platform_tier: PlatformTier;
    readonly ledger_path: string | null;
    private readonly matcher;
    private readonly endpoints;
    private unknownEndpoints;
    private readonly policyHashVerified;
    private readonly ledger;
    /** Without a ledger file: the last record chained (the head) and the hash it was sealed with. */
    private memoryHead;
    private readonly clock;
    private readonly risk;
    private readonly actionsForTier;
    private readonly checkInvariants;
    constructor(options: EngineOptions);
    /** Live statistics per endpoint_key (a snapshot built on each access). */
    get baselines(): Map<string, BaselineProfile>;
    /** Circuit breakers per endpoint_key. */
    get circuits(): Map<string, CircuitBreaker>;
    /** Endpoint states in first-seen order (for reports). */
    get endpointStates(): ReadonlyMap<string, EndpointState>;
    /** Decides one validated event without touching any ledger: the record is not chained yet. */
    evaluate(event: RequestEvent): Unchained<DecisionRecord>;
    /** Validates, decides and appends one event; returns the chained record. */
    processRequest(input: RequestEventInput): DecisionRecord;
    /**
     * With a ledger file, recomputes every hash in it. Without one, only the head is kept: its hash is
     * recomputed and compared with the hash it was sealed with (a changed head record fails).
     */
    verifyLedgerIntegrity(): LedgerIntegrity;
    private stateFor;
}

/** The normalized path of a request URL or a bare path (see the module comment for the rules). */
declare function normalizePath(url: string): string;

/**
 * Contract matching: which service contract governs a request (method + URL).
 *
 * Priority follows find-my-way and OpenAPI's "concrete paths win", segment by segment from the
 * left: a static segment beats a mixed one (`{name}.json`), which beats a pure parameter (`{id}`).
 * Mixed segments at the same position rank by more literal characters first, then by their text
 * (a parameter sorting before any character), so the order never depends on policy order. Templates
 * that differ only in parameter names are the same path; the contracts on one path keep policy order.
 *
 * Method resolution walks the matching paths in priority order (backtracking into lower-ranked
 * branches) and takes the first contract whose allowed_methods has the method. If some path matched
 * but none allows the method, the result is method_disallowed against the first contract of the
 * highest-priority path. Only `allowed_methods` decides; the `METHOD` written in a pattern is the
 * policy loader's business (it fills allowed_methods from it).
 *
 * Templates are never compiled to regexes: literal text is compared as text, so a pattern such as
 * `(a+)+$` is just those six characters. `*` is refused rather than taken literally: it reads as a
 * wildcard and would silently never match.
 */

type MatchKind = 'matched' | 'method_disallowed' | 'unknown';
/** Results for exact static paths are shared, frozen objects: treat every result as read-only. */
interface MatchResult {
    readonly kind: MatchKind;
    /** null only for 'unknown'. */
    readonly contract: ServiceContract | null;
    /** The normalized request path. */
    readonly path: string;
    /** contract.endpoint_pattern for matched and method_disallowed; `${METHOD} ${path}` for unknown. */
    readonly endpoint_key: string;
}
declare class ContractMatcher {
    private readonly root;
    /** Precomputed answers for requests whose path is exactly a static template, per method. */
    private readonly exact;
    /** The first contract of the highest-priority matching path, set during one walk. */
    private firstMatch;
    /** Contracts are already validated with allowed_methods filled; a bad pattern throws. */
    constructor(contracts: readonly ServiceContract[]);
    /** `method` is uppercase; `url` is a full URL or a path (see normalizePath). */
    match(method: string, url: string): MatchResult;
    private resolve;
    /**
     * Depth-first in priority order: static child, mixed children, parameter child. `start` indexes the
     * current segment of the normalized path (no empty segments, no trailing slash); past the end, the
     * path is consumed.
     */
    private walk;
}

/** A type alias, not an interface, so chained records stay assignable to LedgerRecord's index signature. */
type ChainFields = {
    sequence: number;
    previous_hash: string;
    record_hash: string;
};
type Chained<T> = T & ChainFields;
interface GenesisInfo {
    policy_hash: string;
    policy_version: string;
    platform_tier: PlatformTier;
}
/**
 * A body ready to seal, canonicalized ahead of any lock, in one of two forms:
 *  - `template`: the canonical text of the record with a placeholder for each chain value, found at
 *    `previousAt`, `recordHashAt` and `sequenceAt` (see preparedFromTemplate);
 *  - members split around where the chain members sort in (sorted key order is always
 *    previous_hash < record_hash < sequence), so the record's text is
 *    `before + P + between + [,R] + afterHash + ,S + after`.
 */
interface PreparedBody<T> {
    body: T;
    before: string;
    between: string;
    afterHash: string;
    after: string;
    template?: string;
    previousAt?: number;
    recordHashAt?: number;
    sequenceAt?: number;
    /** The body is a plain object without a `__proto__` key: Object.assign copies it like a spread, faster. */
    plain?: boolean;
    /** An ASCII template moved into a staging buffer (see stageTemplate): its offset and length there. */
    stagedAt?: number;
    stagedLength?: number;
}
/** A batch of ledger lines as bytes, grown as needed and reused from batch to batch. */
declare class LineBuffer {
    bytes: Buffer;
    length: number;
    constructor(initialBytes?: number);
    reserve(extra: number): void;
    view(): Buffer;
}
/** Pure: fills sequence, previous_hash, record_hash. */
declare function chainRecord<T extends {
    record_type: string;
}>(body: T, previous_hash: string, sequence: number): Chained<T>;
declare function genesisRecord(info: GenesisInfo): GenesisRecord;

/**
 * Batches of record bodies made ready for a Ledger before any lock is taken: canonicalized and
 * staged as bytes (prepareBatch, or BatchBuilder body by body), and packed into one message that
 * can move to another thread (PackedBatch, unpackBatch).
 */

interface PreparedBatch<T> {
    prepared: Array<PreparedBody<T>>;
    /** The batch's templates as bytes (one buffer per call: concurrent async appends never share it). */
    staging: LineBuffer | undefined;
}
/** Canonicalizes a batch of bodies, ready for any Ledger to seal and write (no file is touched). */
declare function prepareBatch<T extends {
    record_type: string;
}>(bodies: readonly T[]): PreparedBatch<T>;
/** A prepared batch as one message for another thread: the staged bytes and each body's offsets. */
interface PackedBatch {
    bytes: Uint8Array;
    /** Per body: stagedAt, stagedLength, previousAt, recordHashAt, sequenceAt (NaN stagedAt: see `others`). */
    offsets: Float64Array;
    /** Bodies that are not staged (rare: non-ASCII text, unsorted keys), by index, without `body`. */
    others: Record<number, Omit<PreparedBody<unknown>, 'body'>>;
}
/**
 * Builds a PackedBatch body by body: each is canonicalized and staged the moment it is added, so a
 * batch waiting to be written holds bytes and numbers, not thousands of objects for the garbage
 * collector to carry. `take` hands the batch over (to a Ledger here, or to another thread).
 */
declare class BatchBuilder {
    private staging;
    private offsets;
    private others;
    private readonly at;
    /** Bodies added since the last take. */
    size: number;
    constructor(expected?: number);
    /** Canonicalizes and stages one body; a body that is not valid JSON data throws here, naming it. */
    add(body: {
        record_type: string;
    }): void;
    /**
     * The batch so far, and the buffers that may move to another thread with it; the builder starts
     * over, in `reuse` (a buffer a batch moved away in, given back) when there is one.
     */
    take(reuse?: ArrayBuffer): {
        packed: PackedBatch;
        transfer: ArrayBuffer[];
    };
}
declare function unpackBatch({ bytes, offsets, others }: PackedBatch): PreparedBatch<unknown>;

/** A ledger that cannot be written or read as asked: the message names the file, the place and what to do. */
declare class LedgerError extends Error {
    name: string;
}

interface LedgerOptions {
    /** Total time to wait for another writer's lock before failing (default 30 s). */
    lockTimeoutMs?: number;
    /** Age after which a lock is treated as abandoned by a crashed writer (default 10 s, minimum 2 s). */
    lockStaleMs?: number;
    /** Called with the bytes of every append once they are written (whole lines, under the lock). */
    onWrite?: (lines: Buffer) => void;
}
interface LedgerHead {
    head_hash: string;
    count: number;
}
/**
 * An append-only ledger file. The genesis record (line 0) is written by the first append to a
 * missing or empty file. A file that already has a genesis is continued as it is, even when this
 * instance's GenesisInfo differs (say, a newer policy): records carry their own policy_hash, and a
 * ledger never gets a second genesis.
 */
declare class Ledger {
    readonly path: string;
    private readonly genesis;
    private readonly lock;
    private readonly onWrite;
    /** Reused by every append: the batch's lines are encoded here and written with one call. */
    private readonly out;
    constructor(path: string, genesis: GenesisInfo, options?: LedgerOptions);
    /** One cross-process lock per call; returns the bodies as chained records, in order. */
    appendSync<T extends {
        record_type: string;
    }>(bodies: readonly T[]): Array<Chained<T>>;
    /** appendSync for a caller that needs only the new head: no chained record objects are built. */
    writeSync<T extends {
        record_type: string;
    }>(bodies: readonly T[]): LedgerHead;
    /** writeSync of a batch prepared beforehand (prepareBatch), perhaps on another thread. */
    writePreparedSync(batch: PreparedBatch<unknown>): LedgerHead;
    append<T extends {
        record_type: string;
    }>(bodies: readonly T[]): Promise<Array<Chained<T>>>;
    /** The current head and record count (writes the genesis first if the file is missing or empty). */
    head(): LedgerHead;
    /** The lock is taken on the file itself, so it must exist first; 'a' never truncates. */
    private ensureFile;
    private appendLocked;
    /** Head and count from the last line, which must itself be a sound record. */
    private continueFrom;
    private unsoundTail;
    /** One write (looping only on short writes); a failed write is cut back off so no torn tail is left. */
    private writeAll;
}

interface LedgerRecovery {
    /** Complete lines left in the ledger. */
    kept: number;
    torn_bytes: number;
    /** Where the torn bytes were saved (`${path}.torn-<offset>`), or null when there were none. */
    saved_to: string | null;
}
declare function recoverLedger(path: string): LedgerRecovery;

interface LedgerVerification {
    valid: boolean;
    /** Line index of the first failing record (0 = genesis). */
    failed_index: number | null;
    reason?: string;
    /** Complete records that verified (genesis included). */
    count: number;
    /** record_hash of the last record that verified. */
    head_hash: string | null;
    /** Byte offset where the incomplete last line starts. */
    torn_tail?: {
        offset: number;
        bytes: number;
    };
    /** A run's ledger verified with `allowIncomplete`: what is missing because its run did not finish. */
    incomplete?: string;
    /**
     * Present when the file was verified in ranges on several threads (verify-parallel.ts): the
     * threads started (this one included), the ranges, and how many of them helper threads took.
     */
    parallel?: {
        threads: number;
        ranges: number;
        helper_ranges: number;
    };
}
/** What the verifier was told to expect, e.g. from a head anchored elsewhere. */
interface LedgerExpectation {
    head?: string;
    count?: number;
}
/** What a ledger must be beyond a sound chain. */
interface StructureOptions {
    /**
     * Check it is a run's ledger (structure.ts): decisions under the genesis's policy and tier, then
     * the verdict records, the run's last. A ledger without its run verdict fails as incomplete,
     * unless `allowIncomplete`.
     */
    run?: boolean;
    allowIncomplete?: boolean;
}
/** In-memory chain (engines without a file): the same rules, hashing each record's canonical form. */
declare function verifyLedgerRecords(records: readonly LedgerRecord[], expect?: LedgerExpectation): LedgerVerification;

interface VerifyOptions extends StructureOptions {
    /**
     * Byte-level verification (opt-in): every record's hash is recomputed over its line's bytes and
     * every link (sequence, previous_hash) is checked, but a line is not proven to be canonical JSON
     * (nor valid UTF-8) unless something about it looks off, when it gets the full check. A changed,
     * removed, inserted or reordered line is caught exactly as by the default check, because the hash
     * covers every byte of the line but its own record_hash, which the next line's previous_hash (or
     * the expected head) pins. What it does not catch is a writer that wrote non-canonical lines
     * with correct hashes in the first place. See docs/performance.md.
     */
    fast?: boolean;
    /**
     * Verify on every core (verify-parallel.ts): same verdict, same words. By default a ledger of
     * PARALLEL_MIN_BYTES or more is; true or false decides for any size.
     */
    parallel?: boolean;
}
/**
 * Verifies the file as it is when opened (bytes appended meanwhile are not read). A plain chain cannot
 * see a removed tail or a rewritten whole; `expect` (a head or count kept elsewhere) can.
 */
declare function verifyLedger(path: string, expect?: LedgerExpectation, options?: VerifyOptions): LedgerVerification;

interface ArtifactVerification {
    valid: boolean;
    reason?: string;
    /** The hash recomputed from the artifact's content (when it could be read). */
    found_hash?: string;
    policy?: GovernancePolicy;
}
declare function createPolicyArtifact(policy: GovernancePolicy, env?: NodeJS.ProcessEnv): PolicyArtifact;
declare function writePolicyArtifact(policy: GovernancePolicy, path: string, env?: NodeJS.ProcessEnv): PolicyArtifact;
declare function verifyPolicyArtifact(path: string, expectedHash: string): ArtifactVerification;
/** The seed's names, kept for library users. */
declare const PolicyArtifactVerifier: {
    generatePolicyArtifact: typeof writePolicyArtifact;
    verifyPolicyArtifact: typeof verifyPolicyArtifact;
};

/**
 * Loads a policy file and appends the contracts of each contracts file to its own. Errors about a
 * contract from a contracts file name that file and the contract's path in it.
 */
declare function loadPolicy(policyPath: string, contractPaths?: readonly string[]): GovernancePolicy;

declare class PolicyError extends Error {
    name: string;
}
/** Where contract `index` of the policy was written: a JSON path, or a file and a path in it. */
type ContractLocator = (index: number) => string;
declare function computePolicyHash(policy: Omit<GovernancePolicy, 'policy_hash'> | GovernancePolicy): string;
/** A loaded policy with its hash: sha256(JCS(policy without policy_hash)). */
declare function createPolicy(input: GovernancePolicyInput | unknown, contractAt?: ContractLocator): GovernancePolicy;

/**
 * result.json: everything a run decided, machine-readable. Every report (summary.md, junit.xml,
 * metrics.txt, governance.env) is rendered from this one object.
 */

declare const RejectedLineSchema: ZodObject<{
    file: ZodString;
    line: ZodNumber;
    pointer: ZodOptional<ZodString>;
    reason: ZodString;
}, $strict>;
type RejectedLine = output$1<typeof RejectedLineSchema>;
declare const EndpointResultSchema: ZodObject<{
    endpoint_key: ZodString;
    contract_id: ZodNullable<ZodString>;
    kind: ZodEnum<{
        unknown: "unknown";
        contract: "contract";
    }>;
    requests: ZodNumber;
    errors: ZodNumber;
    error_rate: ZodNumber;
    error_budget: ZodOptional<ZodNumber>;
    latency_ms: ZodObject<{
        p50: ZodNumber;
        p95: ZodNumber;
        p99: ZodNumber;
        slo: ZodNumber;
    }, $strict>;
    rpm: ZodObject<{
        peak: ZodNumber;
        limit: ZodNumber;
    }, $strict>;
    error_budget_remaining: ZodNumber;
    decisions: ZodObject<{
        ALLOW: ZodNumber;
        THROTTLE: ZodNumber;
        QUARANTINE: ZodNumber;
        DROP: ZodNumber;
    }, $strict>;
    reasons: ZodOptional<ZodRecord<ZodString, ZodNumber>>;
    disallowed_methods: ZodRecord<ZodString, ZodNumber>;
    circuit_transitions: ZodArray<ZodObject<{
        from: ZodString;
        to: ZodString;
        timestamp: ZodNumber;
    }, $strict>>;
    circuit_transition_count: ZodNumber;
    circuit_state: ZodEnum<{
        CLOSED: "CLOSED";
        OPEN: "OPEN";
        HALF_OPEN: "HALF_OPEN";
    }>;
    verdict: ZodEnum<{
        ALLOW: "ALLOW";
        THROTTLE: "THROTTLE";
        QUARANTINE: "QUARANTINE";
        DROP: "DROP";
    }>;
    verdict_share: ZodNumber;
    timeline: ZodOptional<ZodObject<{
        allow: ZodArray<ZodNumber>;
        throttle: ZodArray<ZodNumber>;
        quarantine: ZodArray<ZodNumber>;
        drop: ZodArray<ZodNumber>;
        errors: ZodArray<ZodNumber>;
        p50_ms: ZodArray<ZodNullable<ZodNumber>>;
        p95_ms: ZodArray<ZodNullable<ZodNumber>>;
        circuit: ZodArray<ZodUnion<readonly [ZodLiteral<0>, ZodLiteral<1>, ZodLiteral<2>]>>;
        peak_rpm: ZodArray<ZodNumber>;
    }, $strict>>;
}, $strict>;
type EndpointResult = output$1<typeof EndpointResultSchema>;
declare const RunResultSchema: ZodObject<{
    result_format: ZodLiteral<1>;
    verdict: ZodEnum<{
        ALLOW: "ALLOW";
        THROTTLE: "THROTTLE";
        QUARANTINE: "QUARANTINE";
        DROP: "DROP";
    }>;
    exit_code: ZodNumber;
    tier: ZodEnum<{
        OBSERVE_ONLY: "OBSERVE_ONLY";
        CONTROL: "CONTROL";
        AUTONOMOUS: "AUTONOMOUS";
    }>;
    policy: ZodObject<{
        version: ZodString;
        hash: ZodString;
        name: ZodOptional<ZodString>;
        signed_by: ZodOptional<ZodArray<ZodString>>;
    }, $strict>;
    gate: ZodObject<{
        min_share: ZodNumber;
    }, $strict>;
    ledger: ZodObject<{
        file: ZodString;
        head_hash: ZodString;
        records: ZodNumber;
        checkpoint: ZodOptional<ZodString>;
    }, $strict>;
    input: ZodObject<{
        files: ZodArray<ZodObject<{
            file: ZodString;
            format: ZodEnum<{
                jsonl: "jsonl";
                har: "har";
                k6: "k6";
                nginx: "nginx";
            }>;
            read: ZodNumber;
            accepted: ZodNumber;
            rejected: ZodNumber;
            filtered: ZodOptional<ZodNumber>;
        }, $strict>>;
        read: ZodNumber;
        accepted: ZodNumber;
        rejected: ZodNumber;
        filtered: ZodOptional<ZodObject<{
            total: ZodNumber;
            by_rule: ZodRecord<ZodString, ZodNumber>;
        }, $strict>>;
        rejected_ratio: ZodNumber;
        max_rejected_ratio: ZodNumber;
        rejected_samples: ZodArray<ZodObject<{
            file: ZodString;
            line: ZodNumber;
            pointer: ZodOptional<ZodString>;
            reason: ZodString;
        }, $strict>>;
        out_of_order: ZodOptional<ZodObject<{
            events: ZodNumber;
            ratio: ZodNumber;
            max_ratio: ZodNumber;
            tolerance_s: ZodNumber;
            endpoints: ZodRecord<ZodString, ZodNumber>;
        }, $strict>>;
    }, $strict>;
    decisions: ZodObject<{
        ALLOW: ZodNumber;
        THROTTLE: ZodNumber;
        QUARANTINE: ZodNumber;
        DROP: ZodNumber;
    }, $strict>;
    endpoints: ZodArray<ZodObject<{
        endpoint_key: ZodString;
        contract_id: ZodNullable<ZodString>;
        kind: ZodEnum<{
            unknown: "unknown";
            contract: "contract";
        }>;
        requests: ZodNumber;
        errors: ZodNumber;
        error_rate: ZodNumber;
        error_budget: ZodOptional<ZodNumber>;
        latency_ms: ZodObject<{
            p50: ZodNumber;
            p95: ZodNumber;
            p99: ZodNumber;
            slo: ZodNumber;
        }, $strict>;
        rpm: ZodObject<{
            peak: ZodNumber;
            limit: ZodNumber;
        }, $strict>;
        error_budget_remaining: ZodNumber;
        decisions: ZodObject<{
            ALLOW: ZodNumber;
            THROTTLE: ZodNumber;
            QUARANTINE: ZodNumber;
            DROP: ZodNumber;
        }, $strict>;
        reasons: ZodOptional<ZodRecord<ZodString, ZodNumber>>;
        disallowed_methods: ZodRecord<ZodString, ZodNumber>;
        circuit_transitions: ZodArray<ZodObject<{
            from: ZodString;
            to: ZodString;
            timestamp: ZodNumber;
        }, $strict>>;
        circuit_transition_count: ZodNumber;
        circuit_state: ZodEnum<{
            CLOSED: "CLOSED";
            OPEN: "OPEN";
            HALF_OPEN: "HALF_OPEN";
        }>;
        verdict: ZodEnum<{
            ALLOW: "ALLOW";
            THROTTLE: "THROTTLE";
            QUARANTINE: "QUARANTINE";
            DROP: "DROP";
        }>;
        verdict_share: ZodNumber;
        timeline: ZodOptional<ZodObject<{
            allow: ZodArray<ZodNumber>;
            throttle: ZodArray<ZodNumber>;
            quarantine: ZodArray<ZodNumber>;
            drop: ZodArray<ZodNumber>;
            errors: ZodArray<ZodNumber>;
            p50_ms: ZodArray<ZodNullable<ZodNumber>>;
            p95_ms: ZodArray<ZodNullable<ZodNumber>>;
            circuit: ZodArray<ZodUnion<readonly [ZodLiteral<0>, ZodLiteral<1>, ZodLiteral<2>]>>;
            peak_rpm: ZodArray<ZodNumber>;
        }, $strict>>;
    }, $strict>>;
    timeline: ZodOptional<ZodObject<{
        start: ZodNumber;
        bucket_s: ZodNumber;
        buckets: ZodNumber;
    }, $strict>>;
    timeline_others: ZodOptional<ZodObject<{
        endpoints: ZodNumber;
        allow: ZodArray<ZodNumber>;
        throttle: ZodArray<ZodNumber>;
        quarantine: ZodArray<ZodNumber>;
        drop: ZodArray<ZodNumber>;
        errors: ZodArray<ZodNumber>;
    }, $strict>>;
    error: ZodOptional<ZodString>;
}, $strict>;
type RunResult = output$1<typeof RunResultSchema>;

/**
 * governance.env: a dotenv report for GitLab (`artifacts:reports:dotenv`), which makes these
 * variables available to later jobs. GitLab's rules (Ci::ParseDotenvArtifactService and the docs):
 * one `KEY=value` per line, no blank lines or comments, no quotes or escapes (they are kept as they
 * are), surrounding whitespace stripped, no multiline values, keys `[A-Za-z0-9_]`, fewer than
 * 5120 bytes in all, at most 20 variables on the smallest plan.
 *
 * Values therefore use a safe alphabet: `[A-Za-z0-9._+:@/,-]` stays, every other byte is written as
 * `%XX` (so a `$` can never be expanded by a later job), and a value longer than
 * DOTENV_MAX_VALUE characters is cut and ends in `...`, so the file always stays far below the limit.
 */

interface ReportOptions {
    /** DEFAULT_REPORT_PREFIX unless given; must match REPORT_PREFIX_PATTERN. */
    prefix?: string;
    /** The CI run or job page, linked from summary.md (report/run-url.ts). */
    runUrl?: string;
}
declare function renderDotenv(result: RunResult, options?: ReportOptions): string;

/** A RunResult that no report can be rendered from; the message says which field and why. */
declare class ReportInputError extends Error {
    name: string;
}

declare function renderJunit(result: RunResult): string;

declare function renderMetrics(result: RunResult, options?: ReportOptions): string;

/**
 * Why an endpoint got its verdict, in words: its main reasons, each with its numbers against the
 * contract (`error rate 31.25% (budget 5%)`, `p95 3072 ms > SLO 2000 ms`, `circuit OPEN 3×`).
 *
 * The words come from the reason codes counted over the endpoint's requests that were not ALLOW
 * (EndpointResult.reasons), one phrase per family of codes (ERROR_RATE and ERROR_BUDGET_BURN_RATE
 * read as one "error rate"), the family that most requests gave first. Some factors add to nearly
 * every request's score (latency, error rate, traffic anomaly, latency regression): they are main
 * reasons only where the endpoint's own numbers break the contract (p95 over the SLO, error rate
 * over the budget), and are named otherwise only when nothing else explains the verdict.
 * A result written before reasons were counted gets the phrases its aggregates show.
 *
 * Phrases carry user text (method names, unknown codes) raw: escape it for the medium (visible(),
 * xmlText(), code()). reasonLines() gives log lines, escaped already.
 */

/** One main reason of an endpoint's verdict. */
interface Reason {
    /**
     * The family's code: UNKNOWN_ENDPOINT, METHOD_DISALLOWED, CIRCUIT_STATE, RATE_LIMIT_VIOLATION,
     * RETRY_STORM, ERROR_RATE, LATENCY_SCORE, INVARIANT_VIOLATED, LATENCY_REGRESSION, TRAFFIC_ANOMALY,
     * or a code this version does not know, as it is.
     */
    code: string;
    /** In words, with its numbers (user text raw). */
    words: string;
    /** Requests not ALLOWed that gave it (0 for a result without reason counts). */
    requests: number;
}
/** The endpoint's main reasons, the one most requests gave first (ties in a fixed order). */
declare function mainReasons(e: EndpointResult): Reason[];
/** The endpoint's main reasons in words (mainReasons), user text raw. */
declare const endpointReasons: (e: EndpointResult) => string[];
/**
 * One line per THROTTLE/QUARANTINE/DROP endpoint, worst first, user text escaped:
 * `POST /api/checkout: DROP — error rate 31.25% (budget 5%), p95 3072 ms > SLO 2000 ms, circuit OPEN 3×`.
 * At most `max` lines, then one saying how many more.
 */
declare function reasonLines(r: RunResult, max?: number): string[];

/**
 * result.json: the RunResult itself, parsed by RunResultSchema first (so a bug upstream can never
 * write an invalid file), keys in schema order, record keys sorted, two-space indent, final newline;
 * an array of numbers (a timeline series, up to 240 entries) on one line.
 */

declare function renderResultJson(result: RunResult): string;

interface SummaryOptions {
    /** Upper bound of the UTF-8 size of the output; default SUMMARY_MAX_BYTES, at least 4 KiB. */
    maxBytes?: number;
    /** Heading text; default "Traffic Governance". */
    title?: string;
    /** The CI run or job page (http or https), linked under the verdict. */
    runUrl?: string;
    /** Trusted Markdown appended after the report (e.g. a package URL from the front door). */
    extraSections?: string[];
    /**
     * How the front door ends, where that differs from the run's exit code (the Action's step exits 1
     * on any failure, an input error or a `fail-on` gate, and 0 otherwise): replaces the words after
     * the verdict.
     */
    outcome?: {
        meaning: string;
    };
}
declare function renderSummary(result: RunResult, options?: SummaryOptions): string;

interface ReportPaths {
    summary: string;
    junit: string;
    metrics: string;
    dotenv: string;
    result: string;
    html: string;
}
/**
 * Renders every report, then writes them into `outDir` (created if needed) and returns their paths.
 * Nothing is written unless all six rendered; each file is written whole (temp file + rename).
 */
declare function writeReports(result: RunResult, outDir: string): ReportPaths;

interface RecordDrift {
    sequence: number;
    method: string;
    path: string;
    endpoint_key: [string, string];
    decision: [string, string];
    risk_score: [number, number];
}
interface VerdictDrift {
    /** `run`, or the endpoint key. */
    scope: string;
    verdict: [string | null, string | null];
}
interface LedgerComparison {
    genesis: [Record<string, unknown>, Record<string, unknown>];
    decisionRecords: number;
    /** Pairs whose decision or risk_score differs. */
    drift: number;
    /** Pairs that differ, but not in decision or risk_score. */
    otherwiseDifferent: number;
    /** Decision-record pairs differing in each field (drifting pairs included), by field name. */
    fieldDifferences: Record<string, number>;
    verdictDrift: VerdictDrift[];
    /** Endpoint verdict records compared (plus the run's). */
    verdicts: number;
}
declare function compareLedgers(fileA: string, fileB: string, onDrift?: (drift: RecordDrift) => void): Promise<LedgerComparison>;

/** A problem with the output folder or one of its files, worded for the user (exit 2). */
declare class OutDirError extends Error {
    name: string;
}
/** A file the run reads, by the option that named it. */
interface InputFile {
    option: string;
    path: string;
}

interface Sample {
    bytes: Buffer;
    /** The sample is the whole content. */
    complete: boolean;
}
declare class TrafficSource {
    readonly file: string;
    readonly gzip: boolean;
    readonly sample: Sample;
    private readonly content;
    private readonly streams;
    private readonly reached;
    private taken;
    private constructor();
    /** Opens the file and reads its sample; throws TrafficInputError when it cannot be read. */
    static open(file: string): Promise<TrafficSource>;
    /** The content, sample first: a source is read once. */
    chunks(): AsyncGenerator<Buffer>;
    /** Content bytes handed to the reader so far: where the content ended, once it has. */
    get contentBytes(): number;
    close(): void;
}

/** The shapes every traffic reader shares: formats, source references, items, limits, errors. */

declare const TRAFFIC_FORMATS: readonly ["jsonl", "har", "k6", "nginx"];
type TrafficFormat = (typeof TRAFFIC_FORMATS)[number];
/** Where an item came from. `line` is 1-based; `pointer` is a JSON path such as `$.log.entries[17]`. */
interface SourceRef {
    file: string;
    line: number;
    pointer?: string;
}
/** One input record: an accepted event, or a rejected record with the reason (the caller counts both). */
type TrafficItem = {
    ok: true;
    event: RequestEvent;
    source: SourceRef;
    /** HAR `_resourceType` (Chromium, Playwright), for the policy's traffic_filter. */
    resourceType?: string;
} | {
    ok: false;
    source: SourceRef;
    reason: string;
};
/** Bounds that keep a reader's memory independent of the input size. */
interface ReaderLimits {
    /** A longer line is rejected (and skipped without being buffered). */
    maxLineBytes: number;
    /** A larger HAR entry is rejected (and skipped without being buffered). */
    maxEntryBytes: number;
}
declare const DEFAULT_LIMITS: ReaderLimits;
/** A whole file cannot be read. The message starts with the file name and says what to do. */
declare class TrafficInputError extends Error {
    readonly file: string;
    constructor(file: string, message: string);
}

/**
 * Format detection by content: the source's sample, its first 64 KiB (after gunzip), never the file
 * name. Also the file-level checks every reader relies on: not empty, not binary, UTF-8, not a ledger.
 */

/** The source's format by its content, after checkSource. */
declare function detectSourceFormat(source: TrafficSource): TrafficFormat;
/** Opens the file, detects its format by content and closes it again (a regular file, not a pipe). */
declare function detectFormat(file: string): Promise<TrafficFormat>;

/** The rules, in the order a request meets them: who it went to, then what it fetched. */
declare const FILTER_RULES: readonly ["hosts", "exclude_hosts", "resource_types", "exclude_static_assets", "exclude_paths"];
type FilterRule = (typeof FILTER_RULES)[number];
/** The first rule that removes the request, or undefined when it is governed. */
type RequestFilter = (event: RequestEvent, resourceType: string | undefined) => FilterRule | undefined;
/** The filter of a policy's traffic_filter; undefined without one (nothing to check per request). */
declare function requestFilter(filter: TrafficFilter | undefined): RequestFilter | undefined;

/** Blank lines a file may hold beyond one per non-blank line. */
declare const BLANK_LINE_ALLOWANCE = 1000;

/** The nginx directive that makes a log this reader accepts. */
declare const TIMED_LOG_FORMAT = "log_format timed '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time';";

/**
 * Streams the file's records (transparently gunzipped), opening it once: a pipe or FIFO works, and so
 * does a source already opened (TrafficSource.open). Throws TrafficInputError when the whole file
 * cannot be read: missing, empty, binary, not UTF-8, unknown format, a ledger, corrupt or truncated
 * gzip, a truncated document, a HAR without entries, an access log without request times.
 */
declare function readTraffic(file: string | TrafficSource, format?: TrafficFormat | 'auto', limits?: Partial<ReaderLimits>): AsyncGenerator<TrafficItem>;

/**
 * Files and globs to a sorted, de-duplicated list of files (as written, or relative to `cwd` for
 * glob matches). A literal path must be a file; a glob must match at least one file.
 */
declare function expandTraffic(patterns: readonly string[], cwd?: string, cwdName?: string): Promise<string[]>;

/**
 * evaluate(): traffic files → engine → ledger + reports, the one run every front door shares.
 *
 * Events stream in input order (files sorted, then line order) through the engine; their records
 * are appended to `ledger.jsonl` in batches, and the endpoint and run verdicts are appended last, so
 * the ledger's head hash anchors the whole run. Memory grows with endpoints, not events.
 *
 * The run holds `outDir` alone for its whole life and writes into a staging folder there; its outputs
 * replace the previous run's only once all are written (run/out-dir.ts), and never replace an input.
 */

interface RunProgress {
    events: number;
    rejected: number;
}
interface EvaluateOptions {
    policy: GovernancePolicy;
    /** Files or globs, relative to `cwd`. */
    traffic: readonly string[];
    format: TrafficFormat | 'auto';
    tier: PlatformTier;
    outDir: string;
    /** How messages name outDir (default `--out`; the Action says `input output-dir`). */
    outDirName?: string;
    /** The other files the run reads (policy, contracts, artifact, keys): no output may replace one. */
    inputs?: readonly InputFile[];
    cwd?: string;
    /** How messages name `cwd` (default `the working directory`; the Action names the workspace). */
    cwdName?: string;
    /** Called every PROGRESS_EVERY (1,000) input lines, and once at the end. */
    onProgress?: (progress: RunProgress) => void;
    /** Called for every rejected input line, in input order. */
    onRejected?: (line: RejectedLine) => void;
    /** Aborting stops reading; the run then throws RunInterruptedError, leaving outDir as it was. */
    signal?: AbortSignal;
    /** SOURCE_DATE_EPOCH for the policy artifact's generated_at; defaults to process.env. */
    env?: NodeJS.ProcessEnv;
    /** The trusted key ids whose signatures accepted the policy (recorded in result.json and the dotenv). */
    signedBy?: readonly string[];
    /** `<outDir>/ledger.checkpoint`: its origin (default DEFAULT_ORIGIN) and, to sign it, a private key. */
    checkpoint?: {
        origin?: string;
        key?: KeyObject;
    };
    /**
     * Seal and write the ledger (and grow its Merkle tree) on a worker thread, beside the deciding
     * (default: when the traffic files hold WORKER_INPUT_BYTES or more; a worker takes a moment to start).
     */
    ledgerWorker?: boolean;
    /** Called with lines that say how the run went about its work (which thread wrote the ledger); TG_DEBUG=1 prints them. */
    onDebug?: (line: string) => void;
    /** The first word of governance.env's variables and of the metric names (report/dotenv.ts). */
    reportPrefix?: string;
    /** The CI run or job page summary.md links to (report/run-url.ts reads it from the runner's variables). */
    runUrl?: string;
}
/** The run was interrupted (its signal aborted): nothing was written to outDir. */
declare class RunInterruptedError extends Error {
    name: string;
}
declare function evaluate(options: EvaluateOptions): Promise<RunResult>;

export { ACTIONS, ARTIFACT_FORMAT, ActionSchema, ArtifactSignatureSchema, BLANK_LINE_ALLOWANCE, BaselineProfileSchema, BatchBuilder, ChainFieldsSchema, CircuitBreaker, CircuitState, CircuitStateSchema, CircuitTransitionSchema, ContractMatcher, DECISION_ORDER, DEFAULT_AUTONOMY_TIERS, DEFAULT_CRITICAL_OVERRIDES, DEFAULT_LIMITS, DEFAULT_PHASE_INVARIANTS, DEFAULT_RISK_WEIGHTS, Decision, DecisionRecordSchema, DecisionSchema, EngineInputError, FILTER_RULES, GENESIS_PREVIOUS_HASH, GenesisRecordSchema, GovernancePolicySchema, HAR_RESOURCE_TYPES, HTTP_METHODS, HttpMethodSchema, INVARIANTS, InvariantCheckSchema, InvariantSchema, KEYID_PATTERN, Ledger, LedgerError, MAX_LATENCY_MS, MAX_TIMESTAMP_S, OuroborosPhase, OutDirError, POLICY_FORMAT, PlatformTier, PlatformTierSchema, PolicyArtifactSchema, PolicyArtifactVerifier, PolicyError, REQUEST_HOST, RISK_FACTOR_NAMES, ReportInputError, RequestEventSchema, RiskFactorsSchema, RunInterruptedError, RunResultSchema, ServiceContractSchema, TIMED_LOG_FORMAT, TRAFFIC_FORMATS, TrafficFilterSchema, TrafficGovernanceEngine, TrafficInputError, TrafficSource, canonicalJson, chainRecord, compareLedgers, computePolicyHash, createPolicy, createPolicyArtifact, detectFormat, detectSourceFormat, endpointReasons, evaluate, expandTraffic, formatZodError, genesisRecord, jsonPath, loadPolicy, mainReasons, normalizePath, prepareBatch, readTraffic, reasonLines, recoverLedger, renderDotenv, renderJunit, renderMetrics, renderResultJson, renderSummary, requestFilter, severity, sha256Hex, unpackBatch, verifyLedger, verifyLedgerRecords, verifyPolicyArtifact, worstDecision, writePolicyArtifact, writeReports };
export type { Action, ArtifactSignature, ArtifactVerification, BaselineProfile, ChainFields, Chained, DecisionRecord, EndpointResult, EngineOptions, EvaluateOptions, FilterRule, GenesisInfo, GenesisRecord, GovernancePolicy, GovernancePolicyInput, HttpMethod, InputFile, Invariant, InvariantCheck, LedgerExpectation, LedgerHead, LedgerIntegrity, LedgerOptions, LedgerRecord, LedgerRecovery, LedgerVerification, MatchResult, PackedBatch, PolicyArtifact, PreparedBatch, ReaderLimits, Reason, RequestEvent, RequestEventInput, RequestFilter, RiskFactorName, RiskFactors, RunResult, ServiceContract, ServiceContractInput, SourceRef, TrafficFilter, TrafficFormat, TrafficItem, Unchained };
