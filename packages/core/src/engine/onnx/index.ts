// ONNX: the injected ONNX Runtime's types, session creation, graph checks and float16, shared by every engine.
export { floatData, floatInput, fromFloat16Bits, toFloat16Bits } from './float16.ts';
export { checkGraph, type GraphSpec, inputFloatType, outputShape, type ValueSpec } from './graph-check.ts';
export {
  createSession,
  type OrtModule,
  type OrtSession,
  type OrtSessionOptions,
  type OrtTensor,
} from './ort.ts';
