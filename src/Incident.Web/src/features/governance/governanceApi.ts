import { request } from '../../api/client';
import type { Paged } from '../../api/types';
import type { IncidentGovernance, Rule, RuleInput, RuleQuery, Transition } from './governanceTypes';

const enc = encodeURIComponent;

export const listRules = (q: RuleQuery) => request<Paged<Rule>>('GET', '/api/governance/rules', { query: { ...q } });

/** By id or key; the answer carries `versions` (oldest first). */
export const getRule = (id: string) => request<Rule>('GET', `/api/governance/rules/${enc(id)}`);

export const createRule = (body: RuleInput) => request<Rule>('POST', '/api/governance/rules', { body });

export const updateRule = (id: string, body: RuleInput) => request<Rule>('PUT', `/api/governance/rules/${enc(id)}`, { body });

/** Lifecycle: `reject` needs a reason, the others take an optional note. */
export const transitionRule = (id: string, transition: Transition, body?: { note?: string; reason?: string }) =>
  request<Rule>('POST', `/api/governance/rules/${enc(id)}/${transition}`, { body: body ?? {} });

export const getIncidentGovernance = (incidentId: string) =>
  request<IncidentGovernance>('GET', `/api/incidents/${enc(incidentId)}/governance`);
