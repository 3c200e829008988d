export * from './validation.js';
export * from './iso6346.js';
export * from './uscc.js';
export * from './declaration-number.js';
export * from './hs-code.js';
export * from './air-waybill.js';
export * from './typed-identifier.js';
export * from './transport-document.js';
