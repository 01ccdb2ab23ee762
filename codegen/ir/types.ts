// The small typed IR the renderers work from: no `$ref`s, no JSON Schema
// keyword soup, only what the C++ needs (types, constraints, names).

export type Family = 'data' | 'form';

export interface StringType {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  /** `color`: "#RRGGBB" (the only pattern the generator knows how to check on a
   * device); other JSON Schema formats (date-time...) are kept for documentation and tests. */
  format?: string;
  /** With format color: the empty string is also accepted ("no colour chosen"). */
  allowEmpty?: boolean;
}

export interface IntegerType {
  kind: 'integer';
  minimum?: number;
  maximum?: number;
  /** C++ type chosen from the bounds: int16_t, int32_t or sl::ComponentInt (64-bit when SL_USE_INT64). */
  cpp: 'int16_t' | 'int32_t' | 'ComponentInt';
}

export interface NumberType {
  kind: 'number';
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export interface BooleanType {
  kind: 'boolean';
}

export interface EnumType {
  kind: 'enum';
  ref: EnumIR;
}

export interface StructType {
  kind: 'struct';
  ref: StructIR;
}

export interface ArrayType {
  kind: 'array';
  items: TypeIR;
  minItems?: number;
  maxItems?: number;
  unique: boolean;
}

/** Any component of a family (form.formComponents, bucket.dataComponents). */
export interface ComponentRefType {
  kind: 'component';
  family: Family;
  /** Only this component type (a `$ref` to `$defs/bucket` rather than to the family). */
  only?: { typeValue: string; className: string };
}

/** A free-form object (event.additionalInfo): not settable from the device. */
export interface AnyType {
  kind: 'any';
}

export type TypeIR = StringType | IntegerType | NumberType | BooleanType | EnumType | StructType | ArrayType | ComponentRefType | AnyType;

export interface FieldIR {
  /** JSON property name. */
  json: string;
  type: TypeIR;
  required: boolean;
  /** JSON null is an accepted value. */
  nullable: boolean;
  deprecated: boolean;
  description?: string;
  /** A `const` property: always written with this value, not settable. */
  constValue?: string;
  /** For operation requests: where the field goes. */
  location?: 'query' | 'path' | 'body';
}

export interface EnumIR {
  /** C++ type name. */
  name: string;
  /** Where it is declared: shared ($defs) types live in `sl`, inline ones beside their component. */
  scope: 'shared' | Family;
  values: string[];
  description?: string;
  /** Where it came from ("data-component.schema.json#/$defs/gaugePointer"), for messages. */
  origin: string;
}

export interface StructIR {
  name: string;
  scope: 'shared' | Family;
  fields: FieldIR[];
  /** x-semantic rule ids that apply to this object. */
  semantic: string[];
  description?: string;
  origin: string;
  /** First segment of error paths ("gauge", "gaugeSegment"). */
  pathRoot: string;
}

export interface ComponentIR extends StructIR {
  family: Family;
  /** Discriminator value: "gauge". */
  typeValue: string;
  /** Discriminator property: "dataComponentType" / "formComponentType". */
  discriminator: string;
}

export interface ComponentsIR {
  components: ComponentIR[];
  /** Shared named types in dependency order (an item's dependencies come first). */
  structs: StructIR[];
  enums: EnumIR[];
  /** Every semantic rule id used, sorted. */
  rules: string[];
}
