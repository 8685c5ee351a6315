import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/api/client';
import type { AvailableAction } from '../../../src/api/types';
import { ActionForm } from '../../../src/features/incidents/ActionForm';
import { renderWithApp } from '../../render';

const triage: AvailableAction = {
  action: 'triage',
  label: 'Confirm category and severity',
  inputSchema: {
    type: 'object',
    required: ['severity', 'outcome'],
    properties: {
      severity: { enum: ['S1', 'S2', 'S3', 'S4'] },
      comment: { type: 'string' },
      outcome: { enum: ['Confirmed', 'Dismissed'] },
    },
  },
};

describe('ActionForm', () => {
  it('renders labelled controls from the schema and blocks submit until required fields are filled', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<ActionForm action={triage} onSubmit={onSubmit} onCancel={() => undefined} />);

    expect(screen.getByRole('radio', { name: 'Confirmed' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'S1' })).toBeTruthy();
    expect(screen.getByLabelText('comment').tagName).toBe('TEXTAREA');

    await user.click(screen.getByTestId('action-submit'));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId('field-error-severity').textContent).toBe('Required.');
    expect(screen.getByTestId('field-error-outcome').textContent).toBe('Required.');

    await user.click(screen.getByRole('radio', { name: 'S2' }));
    await user.click(screen.getByRole('radio', { name: 'Dismissed' }));
    await user.click(screen.getByTestId('action-submit'));
    expect(onSubmit).toHaveBeenCalledWith({ severity: 'S2', outcome: 'Dismissed' });
  });

  it('shows the server 400 field errors next to the matching fields', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(400, { title: 'Validation failed', errors: { 'input.comment': ['Too rude.'], other: ['Something else.'] } }, '400'),
    );
    renderWithApp(
      <ActionForm
        action={{ action: 'note', inputSchema: { type: 'object', properties: { comment: { type: 'string' } } } }}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
    );
    await user.type(screen.getByLabelText('comment'), 'hi');
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(screen.getByTestId('field-error-comment').textContent).toBe('Too rude.'));
    expect(screen.getByLabelText('comment').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('other: Something else.');
  });

  it('submits no input for an action without a schema', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithApp(<ActionForm action={{ action: 'close' }} onSubmit={onSubmit} onCancel={() => undefined} />);
    expect(screen.getByText('This action takes no input.')).toBeTruthy();
    await user.click(screen.getByTestId('action-submit'));
    expect(onSubmit).toHaveBeenCalledWith(undefined);
  });
});
