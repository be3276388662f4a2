import { describe, expect, it } from 'vitest';
import { deriveEscalation } from '../../src/catalog/escalation.ts';

describe('deriveEscalation', () => {
  it('is required when the measure only sends the user to support', () => {
    expect(deriveEscalation('Contact technical support.')).toBe('required');
    expect(deriveEscalation('Contact technical support to check the account permissions.')).toBe('required');
    expect(deriveEscalation('Contact HUAWEI CLOUD technical support and submit a service ticket.')).toBe('required');
    expect(deriveEscalation('If other error codes are displayed, submit a service ticket.')).toBe('required');
    expect(deriveEscalation(undefined, '请联系技术支持。')).toBe('required');
  });

  it('is suggested when support is one option among others', () => {
    expect(deriveEscalation('Check the request or contact technical support.')).toBe('suggested');
    expect(deriveEscalation('Modify the user quota or contact technical support.')).toBe('suggested');
    expect(
      deriveEscalation(
        'Reduce the request speed. If you have higher requirements on the request speed, submit a service ticket.',
      ),
    ).toBe('suggested');
    expect(deriveEscalation(undefined, '请检查请求或联系技术支持。')).toBe('suggested');
  });

  it('is none when the measure does not mention support', () => {
    expect(deriveEscalation('Select either BMS or ECS.')).toBe('none');
    expect(deriveEscalation('Check whether the industry type is supported.')).toBe('none');
    expect(deriveEscalation('')).toBe('none');
    expect(deriveEscalation(undefined, undefined)).toBe('none');
  });
});
