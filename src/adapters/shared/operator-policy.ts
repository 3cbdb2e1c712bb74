/**
 * What the operator set for every chat answer (SIP_MAX_* parsing limits,
 * SIP_PICTURES), laid over the policy a request already carries: the core
 * resolves the rest from its chat defaults.
 */
import type { Picture } from '../../core/app/policy.js';
import type { AppRequest } from '../../core/app/request.js';
import type { SipLimits } from '../../core/sip/types.js';

export interface OperatorPolicy {
  /** Parsing limits; unset ones keep the core's defaults. */
  limits?: Partial<SipLimits>;
  /** The files a diagnosis comes with; undefined keeps the core's chat default. */
  pictures?: readonly Picture[];
}

/** The request under the operator's limits and pictures (the request itself when there are none). */
export function withOperatorPolicy(request: AppRequest, operator: OperatorPolicy): AppRequest {
  const { limits, pictures } = operator;
  const hasLimits = limits !== undefined && Object.keys(limits).length > 0;
  if (!hasLimits && pictures === undefined) return request;
  return {
    ...request,
    policy: {
      ...request.policy,
      ...(hasLimits ? { limits } : {}),
      ...(pictures !== undefined ? { pictures } : {}),
    },
  };
}
