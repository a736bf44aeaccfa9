# no terraform block anywhere: reported at the top of versions.tf
