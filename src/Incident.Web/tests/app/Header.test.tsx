import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { API_REFERENCE_PATH, Header } from '../../src/app/Header';
import type { User } from '../../src/api/types';
import { renderWithApp } from '../render';

const operator: User = { username: 'operator1', displayName: 'Operator', roles: ['operator'], department: 'risk-ops' };

describe('header', () => {
  it('links the API reference the service serves, in both languages', () => {
    const { unmount } = renderWithApp(<Header user={operator} route={{ name: 'incidents' }} />);
    const link = screen.getByTestId('api-reference-link');
    expect(link.getAttribute('href')).toBe(API_REFERENCE_PATH);
    expect(API_REFERENCE_PATH).toBe('/scalar');
    expect(link.textContent).toContain('API reference');
    unmount();

    renderWithApp(<Header user={operator} route={{ name: 'incidents' }} />, { lang: 'zh-CN', username: 'operator1' });
    expect(screen.getByTestId('api-reference-link').textContent).toContain('API 参考文档');
  });
});
