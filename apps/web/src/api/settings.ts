import {
  routes,
  type ChangePassword,
  type CloseShop,
  type ShopSettings,
  type UpdateAccount,
  type UpdateShop,
  type User,
} from '@myb/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client';
import { keys } from './keys';

// ---- a shop's settings (owner) --------------------------------------------------------------

export function useShopSettings(slug: string) {
  return useQuery({
    queryKey: keys.shopSettings(slug),
    queryFn: () => call(routes.shopSettings.get, { params: { merchantSlug: slug } }),
  });
}

/** After any change of a shop's settings: its settings, its public view, the lists it is in, and its prices (a new currency rescales them). */
function useShopChange<TInput>(slug: string, mutationFn: (input: TInput) => Promise<ShopSettings>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (settings) => queryClient.setQueryData(keys.shopSettings(slug), settings),
    onSettled: () =>
      Promise.all(
        [
          keys.shopSettings(slug),
          keys.merchant(slug),
          keys.merchants,
          keys.myMerchants,
          keys.catalogue(slug),
          keys.products(slug),
        ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}

export const useUpdateShop = (slug: string) =>
  useShopChange(slug, (body: UpdateShop) =>
    call(routes.shopSettings.update, { params: { merchantSlug: slug }, body }),
  );

export const useCloseShop = (slug: string) =>
  useShopChange(slug, (body: CloseShop) =>
    call(routes.shopSettings.close, { params: { merchantSlug: slug }, body }),
  );

export const useReopenShop = (slug: string) =>
  useShopChange(slug, () => call(routes.shopSettings.reopen, { params: { merchantSlug: slug } }));

// ---- one's own account ----------------------------------------------------------------------

export function useMyAccount() {
  return useQuery({ queryKey: keys.myAccount, queryFn: () => call(routes.account.get) });
}

export function useRenameMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAccount) => call(routes.account.rename, { body }),
    onSuccess: (account) => {
      queryClient.setQueryData(keys.myAccount, account);
      queryClient.setQueryData<User | null>(keys.session, (user) =>
        user ? { ...user, name: account.name } : user,
      );
    },
  });
}

/** Other sessions are signed out by the change: the list of them is refreshed. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePassword) => call(routes.account.changePassword, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.mySessions }),
  });
}
